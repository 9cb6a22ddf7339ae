import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { runPipeline, type RunSummary } from '../../src/pipeline/run.ts';
import { EMILIA_ROMAGNA, type RegionRegistry } from '../../src/domain/registry/index.ts';
import type { PipelineDeps } from '../../src/pipeline/deps.ts';
import { runById, stagesOfRun } from '../../db/queries/runs.ts';

// Two notes are visible (2018Q1, 2018Q2): each test re-runs the newer one.
const AS_OF = '2018-12-31';

/** A failure injected at each stage, recorded in the run's history, then a re-run from that stage. */
describe('failures at each stage and re-runs from that stage (real HTTP, real Postgres)', () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  let deps: PipelineDeps & { cleanup(): void };
  let releaseId: number;

  beforeAll(async () => {
    publisher = await startSamplePublisher({ port: 0, asOf: AS_OF });
    t = await createTestDb();
    deps = await testPipelineDeps(t.db, publisher.url);
    const first = await runPipeline(deps);
    expect(first.status).toBe('succeeded');
    releaseId = (await t.db.selectFrom('releases').select('id').where('cover_month', '=', 10).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    deps?.cleanup();
    await t?.close();
    await publisher?.close();
  });

  const stages = async (s: RunSummary) => (await stagesOfRun(t.db, s.runId)).map((x) => `${x.stage}:${x.status}${x.error_code ? `:${x.error_code}` : ''}`);
  const releaseStatus = async () => (await t.db.selectFrom('releases').select('status').where('id', '=', releaseId).executeTakeFirstOrThrow()).status;

  it('fetch: a failed fetch skips parse and load; the re-run from fetch loads it', async () => {
    publisher.setFault({ kind: 'html-instead-of-pdf', pathContains: 'ottobre 2018' });
    const failed = await runPipeline(deps, { trigger: 'retry', rerun: { releaseId, from: 'fetch' } });
    publisher.setFault(null);
    expect(await stages(failed)).toEqual(['discover:succeeded', 'fetch:failed:EXTRACT_NOT_A_PDF', 'parse:skipped', 'load:skipped', 'render:succeeded']);
    const row = await runById(t.db, failed.runId);
    // Its one release failed: the run failed, even though the briefs were re-rendered from older data.
    expect(row).toMatchObject({ status: 'failed', trigger: 'retry', kind: 'rerun', error_code: 'EXTRACT_NOT_A_PDF' });

    const again = await runPipeline(deps, { trigger: 'retry', rerun: { releaseId, from: 'fetch' } });
    expect(await stages(again)).toEqual(['discover:succeeded', 'fetch:succeeded', 'parse:succeeded', 'load:succeeded', 'render:succeeded']);
    expect(again.status).toBe('succeeded');
    expect(await releaseStatus()).toBe('loaded');
  });

  it('parse: a parse failure quarantines; the re-run from parse uses the stored bytes, no network', async () => {
    const stale: RegionRegistry = {
      ...EMILIA_ROMAGNA,
      entities: EMILIA_ROMAGNA.entities.map((e) => (e.name === 'Salumi del modenese' ? { ...e, aliases: [] } : e)),
    };
    const failed = await runPipeline({ ...deps, registryFor: () => stale }, { trigger: 'retry', rerun: { releaseId, from: 'parse' } });
    expect(await stages(failed)).toEqual(['discover:succeeded', 'parse:failed:EXTRACT_UNKNOWN_ENTITY', 'load:skipped', 'render:succeeded']);
    expect(await releaseStatus()).toBe('quarantined');

    const before = publisher.requests().length;
    const again = await runPipeline(deps, { trigger: 'retry', rerun: { releaseId, from: 'parse' } });
    expect(await stages(again)).toEqual(['discover:succeeded', 'parse:succeeded', 'load:succeeded', 'render:succeeded']);
    expect(publisher.requests().length).toBe(before);
    expect(await releaseStatus()).toBe('loaded');
  });

  it('load: a validation failure quarantines; the re-run from load uses the kept parse result', async () => {
    // A registry that lost an entity: validation (at load) finds a figure for an unknown entity.
    const shrunk: RegionRegistry = { ...EMILIA_ROMAGNA, entities: EMILIA_ROMAGNA.entities.filter((e) => e.name !== 'Salumi del modenese') };
    const failed = await runPipeline({ ...deps, registryFor: () => shrunk }, { trigger: 'retry', rerun: { releaseId, from: 'load' } });
    expect(await stages(failed)).toEqual(['discover:succeeded', 'load:failed:RELEASE_QUARANTINED', 'render:succeeded']);
    expect(await releaseStatus()).toBe('quarantined');

    const again = await runPipeline(deps, { trigger: 'retry', rerun: { releaseId, from: 'load' } });
    expect(await stages(again)).toEqual(['discover:succeeded', 'load:succeeded', 'render:succeeded']);
    expect(await releaseStatus()).toBe('loaded');
  });

  it('render: a render failure fails the run; the re-run from render renders', async () => {
    const notADir = join(deps.outDir, 'not-a-dir');
    writeFileSync(notADir, 'x');
    const failed = await runPipeline({ ...deps, outDir: join(notADir, 'briefs') }, { trigger: 'retry', rerun: { releaseId, from: 'render' } }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    const run = (await t.db.selectFrom('pipeline_runs').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow());
    expect(run).toMatchObject({ status: 'failed', error_code: 'UNEXPECTED' });
    expect((await stagesOfRun(t.db, run.id)).map((x) => `${x.stage}:${x.status}`)).toEqual(['discover:succeeded', 'render:failed']);

    const again = await runPipeline(deps, { trigger: 'retry', rerun: { releaseId, from: 'render' } });
    expect(await stages(again)).toEqual(['discover:succeeded', 'render:succeeded']);
    expect(again.briefs).toHaveLength(2);
  });
});
