import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueEvents, type Job, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { createRedisConnection } from '../../src/jobs/connection.ts';
import { createEnqueuer, type Enqueuer } from '../../src/jobs/enqueue.ts';
import { createPipelineWorker } from '../../src/jobs/worker.ts';
import { PIPELINE_QUEUE } from '../../src/jobs/payloads.ts';

describe('backfill job (real Redis, Postgres, HTTP)', () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  const prefix = uniquePrefix();
  const conns: Redis[] = [];
  let enqueuer: Enqueuer;
  let worker: Worker;
  let events: QueueEvents;
  let cleanup: () => void;

  beforeAll(async () => {
    // Visible: the notes published in 2018 (2018Q1, 2018Q2) and in 2019 (2018Q3, 2018Q4, 2019Q1).
    publisher = await startSamplePublisher({ port: 0, asOf: '2019-07-31' });
    t = await createTestDb();
    const deps = await testPipelineDeps(t.db, publisher.url);
    cleanup = deps.cleanup;
    const c = () => {
      const r = createRedisConnection(TEST_REDIS_URL);
      conns.push(r);
      return r;
    };
    enqueuer = createEnqueuer(c(), prefix);
    worker = createPipelineWorker({ deps, connection: c(), prefix, concurrency: 2, enqueuer });
    events = new QueueEvents(PIPELINE_QUEUE, { connection: c(), prefix });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await worker?.close();
    await events?.close();
    await enqueuer?.close();
    for (const r of conns) r.disconnect();
    cleanup?.();
    await publisher?.close();
    await t?.close();
    await cleanupPrefix(prefix);
  });

  it('ingests only the releases whose cover year is in range, oldest first', async () => {
    const id = await enqueuer.add('run', { trigger: 'backfill', fromYear: 2019, toYear: 2019 });
    const run = (await enqueuer.queue.getJob(id)) as Job;
    const result = (await run.waitUntilFinished(events, 120_000)) as { enqueued: number; listed: number; briefsJobId: string };
    expect(result).toMatchObject({ listed: 5, enqueued: 3 });
    const briefs = (await enqueuer.queue.getJob(result.briefsJobId)) as Job;
    await briefs.waitUntilFinished(events, 180_000);
    const loaded = await t.db.selectFrom('releases').select(['cover_year', 'cover_month', 'status']).orderBy('id').execute();
    // Ids follow load order: the chain ran oldest first.
    expect(loaded).toEqual([
      { cover_year: 2019, cover_month: 1, status: 'loaded' },
      { cover_year: 2019, cover_month: 4, status: 'loaded' },
      { cover_year: 2019, cover_month: 7, status: 'loaded' },
    ]);
  });
});
