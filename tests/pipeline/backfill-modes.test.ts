import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { runPipeline } from '../../src/pipeline/run.ts';
import { planFromListing } from '../../src/pipeline/plan.ts';
import type { PipelineDeps } from '../../src/pipeline/deps.ts';
import { inferRefQuarters } from '../../src/pipeline/ref-quarters.ts';

// Visible: 2018Q1 (cover 2018-07), 2018Q2 (2018-10), 2018Q3 (2019-01).
const AS_OF = '2019-01-31';

describe('backfill reprocess modes and dry run (real HTTP, real Postgres)', () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  let deps: PipelineDeps & { cleanup(): void };
  beforeAll(async () => {
    publisher = await startSamplePublisher({ port: 0, asOf: AS_OF });
    t = await createTestDb();
    deps = await testPipelineDeps(t.db, publisher.url);
  });
  afterAll(async () => {
    deps?.cleanup();
    await t?.close();
    await publisher?.close();
  });

  const planned = async (selection: 'missing' | 'failed' | 'all', from = '2018Q1', to = '2025Q2') =>
    (await planFromListing(deps, { selection, fromQuarter: from, toQuarter: to })).releases.map((p) => `${p.ref.refQuarter}:${p.status ?? 'new'}`);
  const statuses = async () =>
    (await t.db.selectFrom('releases').select(['cover_year', 'cover_month', 'status']).orderBy('cover_year').orderBy('cover_month').execute()).map(
      (r) => `${r.cover_year}-${String(r.cover_month).padStart(2, '0')}:${r.status}`,
    );
  const runs = async () => Number((await t.db.selectFrom('pipeline_runs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('missing: a dry run changes nothing; the backfill loads only the quarters in range', async () => {
    expect(await planned('missing')).toEqual(['2018Q1:new', '2018Q2:new', '2018Q3:new']);
    expect(await planned('missing', '2018Q2', '2018Q2')).toEqual(['2018Q2:new']);
    expect(await statuses()).toEqual([]);
    expect(await runs()).toBe(0);

    const r = await runPipeline(deps, { trigger: 'backfill', kind: 'backfill', selection: 'missing', fromQuarter: '2018Q1', toQuarter: '2018Q2' });
    expect(r.status).toBe('succeeded');
    expect(await statuses()).toEqual(['2018-07:loaded', '2018-10:loaded']);
    expect(await planned('missing')).toEqual(['2018Q3:new']);
  });

  it('failed: only quarantined or failed releases, fetched again (conditionally) and re-processed', async () => {
    publisher.setFault({ kind: 'drifted-release' }); // the newest (2018Q3) note drifts
    const r = await runPipeline(deps, { trigger: 'backfill', selection: 'missing', fromQuarter: '2018Q1', toQuarter: '2025Q2' });
    publisher.setFault(null);
    expect(r.status).toBe('failed');
    expect(await statuses()).toEqual(['2018-07:loaded', '2018-10:loaded', '2019-01:quarantined']);
    expect(await planned('missing')).toEqual([]);
    expect(await planned('failed')).toEqual(['2018Q3:quarantined']);

    const again = await runPipeline(deps, { trigger: 'backfill', selection: 'failed', fromQuarter: '2018Q1', toQuarter: '2025Q2' });
    expect(again.status).toBe('succeeded');
    expect(again.ingested.map((i) => i.status)).toEqual(['loaded']);
    expect(await statuses()).toEqual(['2018-07:loaded', '2018-10:loaded', '2019-01:loaded']);
  });

  it('all: every release in range, re-processed even though loaded (idempotent: no figure changes)', async () => {
    const before = await t.db.selectFrom('observations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(await planned('all', '2018Q2', '2018Q3')).toEqual(['2018Q2:loaded', '2018Q3:loaded']);
    const r = await runPipeline(deps, { trigger: 'backfill', selection: 'all', fromQuarter: '2018Q2', toQuarter: '2018Q3' });
    expect(r.status).toBe('succeeded');
    expect(r.ingested.map((i) => `${i.status}:${i.observationsInserted}`)).toEqual(['loaded:0', 'loaded:0']);
    const after = await t.db.selectFrom('observations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });
});

describe('inferRefQuarters', () => {
  it('guesses the quarter a note covers from its cover date, and resolves a delayed note', () => {
    const notes = [
      { coverYear: 2018, coverMonth: 7 },
      { coverYear: 2019, coverMonth: 1 },
      { coverYear: 2020, coverMonth: 5 },
      { coverYear: 2021, coverMonth: 6 },
      { coverYear: 2023, coverMonth: 7 }, // the Q4 2022 note, delayed into July
      { coverYear: 2023, coverMonth: 8 },
    ];
    expect(inferRefQuarters(notes).map((n) => `${n.refYear}Q${n.refQuarter}`)).toEqual(['2018Q1', '2018Q3', '2019Q4', '2021Q1', '2022Q4', '2023Q1']);
  });
});
