import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { startTestQueue, type TestQueue } from '../helpers/queue.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';

describe('backfill job (real Redis, Postgres, HTTP)', () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  let q: TestQueue;
  let cleanup: () => void;

  beforeAll(async () => {
    // Visible: the notes published in 2018 (2018Q1, 2018Q2) and in 2019 (2018Q3, 2018Q4, 2019Q1).
    publisher = await startSamplePublisher({ port: 0, asOf: '2019-07-31' });
    t = await createTestDb();
    const deps = await testPipelineDeps(t.db, publisher.url);
    cleanup = deps.cleanup;
    q = await startTestQueue(deps);
  });

  afterAll(async () => {
    await q?.close();
    cleanup?.();
    await publisher?.close();
    await t?.close();
  });

  it('ingests only the releases whose cover year is in range, oldest first', async () => {
    const id = await q.enqueuer.add('run', { trigger: 'backfill', fromYear: 2019, toYear: 2019 });
    const run = (await q.enqueuer.queue.getJob(id)) as Job;
    const result = (await run.waitUntilFinished(q.events, 120_000)) as { enqueued: number; listed: number; renderJobId: string };
    expect(result).toMatchObject({ listed: 5, enqueued: 3 });
    const briefs = (await q.enqueuer.queue.getJob(result.renderJobId)) as Job;
    await briefs.waitUntilFinished(q.events, 180_000);
    const loaded = await t.db.selectFrom('releases').select(['cover_year', 'cover_month', 'status']).orderBy('id').execute();
    // Ids follow load order: the chain ran oldest first.
    expect(loaded).toEqual([
      { cover_year: 2019, cover_month: 1, status: 'loaded' },
      { cover_year: 2019, cover_month: 4, status: 'loaded' },
      { cover_year: 2019, cover_month: 7, status: 'loaded' },
    ]);
  });
});
