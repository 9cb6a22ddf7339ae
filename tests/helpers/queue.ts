import { QueueEvents, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from './redis.ts';
import { createRedisConnection } from '../../src/jobs/connection.ts';
import { createEnqueuer, type Enqueuer } from '../../src/jobs/enqueue.ts';
import { createPipelineWorker } from '../../src/jobs/worker.ts';
import { PIPELINE_QUEUE } from '../../src/jobs/payloads.ts';
import type { PipelineDeps } from '../../src/pipeline/deps.ts';
import type { ThreadRenderer } from '../../src/report/render-thread.ts';

export interface TestQueue {
  readonly prefix: string;
  readonly enqueuer: Enqueuer;
  readonly worker: Worker;
  /** For `job.waitUntilFinished(events, ms)`. */
  readonly events: QueueEvents;
  /** Stops the worker, closes every connection and deletes every key under the prefix. */
  close(): Promise<void>;
}

/** A real BullMQ worker on real Redis, under a queue prefix of its own. */
export async function startTestQueue(
  deps: PipelineDeps,
  opts: { concurrency?: number; threadIdleMs?: number; renderer?: ThreadRenderer } = {},
): Promise<TestQueue> {
  const prefix = uniquePrefix();
  const conns: Redis[] = [];
  const connect = () => {
    const r = createRedisConnection(TEST_REDIS_URL);
    conns.push(r);
    return r;
  };
  const enqueuer = createEnqueuer(connect(), prefix);
  const worker = createPipelineWorker({
    deps,
    connection: connect(),
    prefix,
    concurrency: opts.concurrency ?? 2,
    enqueuer,
    ...(opts.threadIdleMs !== undefined ? { threadIdleMs: opts.threadIdleMs } : {}),
    ...(opts.renderer ? { renderer: opts.renderer } : {}),
  });
  const events = new QueueEvents(PIPELINE_QUEUE, { connection: connect(), prefix });
  await events.waitUntilReady();
  return {
    prefix,
    enqueuer,
    worker,
    events,
    async close() {
      await worker.close();
      await events.close();
      await enqueuer.close();
      for (const r of conns) r.disconnect();
      await cleanupPrefix(prefix);
    },
  };
}
