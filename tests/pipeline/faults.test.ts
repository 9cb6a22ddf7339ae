import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { runPipeline } from '../../src/pipeline/run.ts';
import { reparseRelease } from '../../src/pipeline/ingest.ts';
import { EMILIA_ROMAGNA, type RegionRegistry } from '../../src/domain/registry/index.ts';
import type { PipelineDeps } from '../../src/pipeline/deps.ts';
import { isDistrettiError } from '../../src/errors/distretti-error.ts';

// Three notes are visible: on 2018Q1, 2018Q2 and (newest) 2018Q3.
const AS_OF = '2019-01-31';
const NEWEST_COVER = { year: 2019, month: 1 };

/** Bad input never crashes the run nor leaves partial data; the raw file is kept; the rest goes on. */
describe('pipeline under publisher faults (real HTTP, real Postgres)', () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  let deps: PipelineDeps & { cleanup(): void };

  beforeAll(async () => {
    publisher = await startSamplePublisher({ port: 0, asOf: AS_OF });
  });
  afterAll(async () => {
    await publisher?.close();
  });
  beforeEach(async () => {
    publisher.setFault(null);
    t = await createTestDb();
    deps = await testPipelineDeps(t.db, publisher.url);
  });
  afterEach(async () => {
    deps.cleanup();
    await t.close();
  });

  const status = async () =>
    (
      await t.db
        .selectFrom('releases')
        .select(['id', 'cover_year', 'cover_month', 'status', 'document_sha256'])
        .orderBy('cover_year')
        .orderBy('cover_month')
        .execute()
    ).map((r) => ({ ...r, observations: 0 }));
  const observationsOf = async (releaseId: number) =>
    Number((await t.db.selectFrom('observations').select((eb) => eb.fn.countAll().as('n')).where('release_id', '=', releaseId).executeTakeFirstOrThrow()).n);

  it('quarantines a release whose layout drifted, loads the others, and loads it once the publisher corrects it', async () => {
    publisher.setFault({ kind: 'drifted-release' });
    const first = await runPipeline(deps);
    expect(first.failed).toHaveLength(1);
    expect(first.failed[0]!.code).toBe('EXTRACT_LAYOUT_DRIFT');
    expect(first.ingested.filter((i) => i.status === 'loaded')).toHaveLength(2);
    expect(first.briefs).toHaveLength(2);

    const rows = await status();
    const drifted = rows.find((r) => r.cover_year === NEWEST_COVER.year && r.cover_month === NEWEST_COVER.month)!;
    expect(drifted.status).toBe('quarantined');
    expect(await observationsOf(drifted.id)).toBe(0);
    // The raw bytes are kept, addressed by their hash.
    const raw = await t.db.selectFrom('raw_documents').select(['sha256', 'byte_size']).where('sha256', '=', drifted.document_sha256!).executeTakeFirst();
    expect(raw?.byte_size).toBeGreaterThan(1000);
    const detail = await t.db.selectFrom('releases').select('status_detail').where('id', '=', drifted.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(detail.status_detail)).toContain('EXTRACT_LAYOUT_DRIFT');

    // One release failed for good and the others loaded: the run says so (issue 10).
    const run = await sql<{ status: string; error_code: string }>`select status, error_code from pipeline_runs where id = ${first.runId}`.execute(t.db);
    expect(run.rows[0]).toEqual({ status: 'partly-failed', error_code: 'EXTRACT_LAYOUT_DRIFT' });

    // The publisher replaces the file: new bytes, so the next run fetches and loads it.
    publisher.setFault(null);
    const second = await runPipeline(deps);
    expect(second.failed).toEqual([]);
    expect(second.ingested.map((i) => i.status)).toEqual(['loaded']);
    const after = (await status()).find((r) => r.id === drifted.id)!;
    expect(after.status).toBe('loaded');
    expect(after.document_sha256).not.toBe(drifted.document_sha256);
    expect(await observationsOf(drifted.id)).toBeGreaterThan(100);
    // Both documents stay in the raw store.
    const docs = await t.db.selectFrom('raw_documents').select('sha256').execute();
    expect(docs.map((d) => d.sha256)).toContain(drifted.document_sha256);
  }, 180_000);

  it('re-parses a quarantined release from its stored bytes after a fix, with no network', async () => {
    // A registry that does not know "Salumi di Modena", the spelling the 2018 layout prints.
    const stale: RegionRegistry = {
      ...EMILIA_ROMAGNA,
      entities: EMILIA_ROMAGNA.entities.map((e) => (e.name === 'Salumi del modenese' ? { ...e, aliases: [] } : e)),
    };
    const staleDeps = { ...deps, registryFor: () => stale };
    const run = await runPipeline(staleDeps);
    expect(run.failed.map((f) => f.code)).toEqual(['EXTRACT_UNKNOWN_ENTITY', 'EXTRACT_UNKNOWN_ENTITY', 'EXTRACT_UNKNOWN_ENTITY']);
    expect(run.failed[0]!.message).toContain('Salumi di Modena');
    expect(run.briefs).toEqual([]);
    expect(run.briefsSkipped).toMatch(/no loaded figures/);
    const quarantined = await status();
    expect(quarantined.map((r) => r.status)).toEqual(['quarantined', 'quarantined', 'quarantined']);

    // The fix (the alias is back); the publisher is gone: everything must come from the raw store.
    await publisher.close();
    try {
      for (const r of quarantined) {
        const outcome = await reparseRelease(deps, r.id);
        expect(outcome.status).toBe('loaded');
        expect(outcome.sha256).toBe(r.document_sha256);
      }
    } finally {
      publisher = await startSamplePublisher({ port: 0, asOf: AS_OF });
    }
    expect((await status()).map((r) => r.status)).toEqual(['loaded', 'loaded', 'loaded']);
  });

  it('fails one release on HTML where its PDF belongs, stores no HTML, and loads the rest', async () => {
    publisher.setFault({ kind: 'html-instead-of-pdf', pathContains: 'ottobre%202018' });
    const run = await runPipeline(deps);
    expect(run.failed.map((f) => f.code)).toEqual(['EXTRACT_NOT_A_PDF']);
    expect(run.ingested).toHaveLength(2);
    const docs = await t.db.selectFrom('raw_documents').select(['sha256', 'bytes']).execute();
    expect(docs).toHaveLength(2);
    for (const d of docs) expect(Buffer.from(d.bytes).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('rides out a 503 with Retry-After', async () => {
    publisher.setFault({ kind: 'unavailable', retryAfterSeconds: 1, requests: 2 });
    const run = await runPipeline(deps);
    expect(run.failed).toEqual([]);
    expect(run.ingested).toHaveLength(3);
    expect(publisher.requests().some((r) => r.status === 503)).toBe(true);
  });

  it('reports a listing whose markup changed as drift, not as "nothing new", and records the failed run', async () => {
    publisher.setFault({ kind: 'listing-markup-changed' });
    const err = await runPipeline(deps).catch((e: unknown) => e);
    expect(isDistrettiError(err) && err.code).toBe('LISTING_LAYOUT_DRIFT');
    const run = await sql<{ status: string; error: { code: string } }>`select status, error from pipeline_runs order by started_at desc, id desc limit 1`.execute(t.db);
    expect(run.rows[0]).toMatchObject({ status: 'failed', error: { code: 'LISTING_LAYOUT_DRIFT' } });
    expect(await status()).toEqual([]);
  });
});

describe('late releases', () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  beforeAll(async () => {
    publisher = await startSamplePublisher({ port: 0, asOf: AS_OF });
    t = await createTestDb();
  });
  afterAll(async () => {
    await publisher?.close();
    await t?.close();
  });

  it('calls the next note late only once its usual window has passed', async () => {
    // Loaded up to the 2018Q3 note; the 2018Q4 note is due April–July 2019.
    const inWindow = await testPipelineDeps(t.db, publisher.url, { now: () => new Date('2019-05-15T08:00:00Z') });
    const first = await runPipeline(inWindow);
    inWindow.cleanup();
    expect(first.ingested).toHaveLength(3);
    expect(first.late).toEqual([]);

    const afterWindow = await testPipelineDeps(t.db, publisher.url, { now: () => new Date('2019-08-02T08:00:00Z') });
    const second = await runPipeline(afterWindow);
    expect(second.ingested).toEqual([]);
    expect(second.late).toEqual([
      { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna', refQuarter: '2018Q4', lateSince: '2019-08-01' },
    ]);

    // The note appears: nothing is late any more.
    publisher.setAsOf('2019-08-02');
    const third = await runPipeline(afterWindow);
    afterWindow.cleanup();
    expect(third.ingested.map((i) => i.status)).toEqual(['loaded', 'loaded']);
    expect(third.late).toEqual([]);
  }, 180_000);
});
