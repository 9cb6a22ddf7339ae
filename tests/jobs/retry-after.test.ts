import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { startTestQueue, type TestQueue } from '../helpers/queue.ts';
import { waitForRun } from '../helpers/runs.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { stagesOfRun } from '../../db/queries/runs.ts';
import { retryAfterBackoff } from '../../src/jobs/retry-policy.ts';
import { HttpThrottledError } from '../../src/extract/http/errors.ts';

describe("the publisher's Retry-After on the queue path (real Redis, Postgres, HTTP)", () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  let q: TestQueue;
  let cleanup: () => void;

  beforeAll(async () => {
    publisher = await startSamplePublisher({ port: 0, asOf: '2018-12-31' });
    t = await createTestDb();
    // The worker's client hands waits over 10 s to the queue instead of holding the worker.
    const deps = await testPipelineDeps(t.db, publisher.url, { maxRetryAfterMs: 10_000 });
    cleanup = deps.cleanup;
    q = await startTestQueue(deps, { concurrency: 1 });
  });
  afterAll(async () => {
    await q?.close();
    cleanup?.();
    await publisher?.close();
    await t?.close();
  });

  it('delays a job answered 503 with Retry-After: 120 by about 120 s, not by the fixed backoff', async () => {
    publisher.setFault({ kind: 'unavailable', retryAfterSeconds: 120, requests: 1, pathContains: 'ottobre 2018' });
    const id = await q.enqueuer.add('run', { trigger: 'manual' });
    const { runId } = (await ((await q.enqueuer.queue.getJob(id)) as Job).waitUntilFinished(q.events, 60_000)) as { runId: string };

    let fetch: Job | undefined;
    for (let i = 0; i < 150 && !fetch; i++) {
      fetch = (await q.enqueuer.queue.getJobs(['delayed'])).find((j) => j?.name === 'fetch');
      if (!fetch) await new Promise((r) => setTimeout(r, 200));
    }
    expect(fetch, 'the fetch job is in the delayed set').toBeDefined();
    expect(fetch!.attemptsMade).toBe(1);
    // BullMQ stores the backoff it applied as the job's delay: 120 s plus at most 5 % jitter.
    expect(fetch!.delay).toBeGreaterThanOrEqual(120_000);
    expect(fetch!.delay).toBeLessThanOrEqual(126_000);
    const stage = (await stagesOfRun(t.db, runId)).find((s) => s.stage === 'fetch' && s.subject.endsWith('2018-10'))!;
    expect(stage).toMatchObject({ status: 'retrying', error_code: 'HTTP_THROTTLED', attempts: 1 });

    // The wait is over (promoted): the second attempt succeeds and the run ends.
    await fetch!.promote();
    const run = await waitForRun(t.db, runId, 120_000);
    expect(run.status).not.toBe('running');
    const after = (await stagesOfRun(t.db, runId)).find((s) => s.stage === 'fetch' && s.subject.endsWith('2018-10'))!;
    expect(after).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('falls back to exponential backoff with jitter when no Retry-After was given', () => {
    const err = new HttpThrottledError('http://x/', 429, undefined);
    for (let i = 0; i < 20; i++) {
      const first = retryAfterBackoff(1, 'retry-after', err) as number;
      expect(first).toBeGreaterThanOrEqual(24_000);
      expect(first).toBeLessThanOrEqual(36_000);
      const third = retryAfterBackoff(3, 'retry-after', new Error('boom')) as number;
      expect(third).toBeGreaterThanOrEqual(96_000);
      expect(third).toBeLessThanOrEqual(144_000);
    }
  });
});
