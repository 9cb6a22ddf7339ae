import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { startTestQueue, type TestQueue } from '../helpers/queue.ts';
import { listJobs, retryJob, JobNotFoundError } from '../../src/jobs/operate.ts';

describe('job failures and operator commands (real Redis + Postgres)', () => {
  let t: TestDb;
  let q: TestQueue;
  let cleanup: () => void;

  beforeAll(async () => {
    t = await createTestDb();
    // No publisher is needed: these jobs never reach the network.
    const deps = await testPipelineDeps(t.db, 'http://127.0.0.1:9');
    cleanup = deps.cleanup;
    q = await startTestQueue(deps, { concurrency: 1 });
  });

  afterAll(async () => {
    await q?.close();
    cleanup?.();
    await t?.close();
  });

  it('fails a bad-input job once, without retries, with its error code; operators list and re-run it', async () => {
    const id = await q.enqueuer.add('reparse-release', { releaseId: 424242 });
    const job = (await q.enqueuer.queue.getJob(id)) as Job;
    await expect(job.waitUntilFinished(q.events, 30_000)).rejects.toThrow(/RELEASE_NOT_FOUND/);
    const failed = await listJobs(q.enqueuer.queue, 'failed');
    const mine = failed.find((j) => j.id === id);
    expect(mine).toBeDefined();
    expect(mine!.attemptsMade).toBe(1); // UnrecoverableError: the 5 configured attempts are not used
    expect(mine!.failedReason).toMatch(/^RELEASE_NOT_FOUND: release 424242/);

    await retryJob(q.enqueuer.queue, id);
    const again = (await q.enqueuer.queue.getJob(id)) as Job;
    await expect(again.waitUntilFinished(q.events, 30_000)).rejects.toThrow(/RELEASE_NOT_FOUND/);
    expect(await (await q.enqueuer.queue.getJob(id))!.getState()).toBe('failed');
  });

  it('refuses to retry a job that does not exist or has not failed', async () => {
    await expect(retryJob(q.enqueuer.queue, 'no-such-job')).rejects.toBeInstanceOf(JobNotFoundError);
  });
});
