import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { startTestQueue, type TestQueue } from '../helpers/queue.ts';
import { retryAllFailed, selectFailed } from '../../src/jobs/operate.ts';

describe('jobs retry --all with filters and --dry-run (real Redis, Postgres)', () => {
  let t: TestDb;
  let q: TestQueue;
  let cleanup: () => void;
  beforeAll(async () => {
    t = await createTestDb();
    const deps = await testPipelineDeps(t.db, 'http://127.0.0.1:9');
    cleanup = deps.cleanup;
    q = await startTestQueue(deps, { concurrency: 1 });
  });
  afterAll(async () => {
    await q?.close();
    cleanup?.();
    await t?.close();
  });

  const fail = async (data: unknown, name: 'reparse-release' | 'render' = 'reparse-release') => {
    const id = await q.enqueuer.add(name, data as never);
    await expect(((await q.enqueuer.queue.getJob(id)) as Job).waitUntilFinished(q.events, 30_000)).rejects.toThrow();
    return id;
  };

  it('a dry run lists what would be retried and changes nothing; filters by code and date; then retries', async () => {
    const notFound = await fail({ releaseId: 999_001 });
    const notFound2 = await fail({ releaseId: 999_002 });
    const badPayload = await fail({ runId: '' }, 'render'); // JOB_PAYLOAD_INVALID

    const dry = await retryAllFailed(q.enqueuer.queue, {}, { dryRun: true });
    expect(dry.map((j) => j.id).sort()).toEqual([notFound, notFound2, badPayload].sort());
    for (const id of [notFound, notFound2, badPayload]) expect(await (await q.enqueuer.queue.getJob(id))!.getState()).toBe('failed');

    expect((await selectFailed(q.enqueuer.queue, { code: 'JOB_PAYLOAD_INVALID' })).map((j) => j.id)).toEqual([badPayload]);
    expect(await selectFailed(q.enqueuer.queue, { since: new Date(Date.now() + 3600_000) })).toEqual([]);

    const retried = await retryAllFailed(q.enqueuer.queue, { code: 'RELEASE_NOT_FOUND' });
    expect(retried.map((j) => j.id).sort()).toEqual([notFound, notFound2].sort());
    // They ran again (and failed again: the releases still do not exist), the other was left alone.
    for (const id of [notFound, notFound2]) {
      const job = (await q.enqueuer.queue.getJob(id))!;
      await expect(job.waitUntilFinished(q.events, 30_000)).rejects.toThrow(/RELEASE_NOT_FOUND/);
      expect((await q.enqueuer.queue.getJob(id))!.attemptsStarted).toBeGreaterThanOrEqual(2);
    }
    expect((await q.enqueuer.queue.getJob(badPayload))!.attemptsStarted).toBe(1);
  });
});
