import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { PIPELINE_QUEUE } from './payloads.ts';
import { createProcessor } from './processor.ts';
import type { Enqueuer } from './enqueue.ts';

/**
 * The BullMQ worker around the pipeline stages. The library emits events; we log them
 * with job ids. Stop with `close()` (the CLI wires SIGTERM/SIGINT to it) so the
 * active job finishes before the process exits.
 */
export function createPipelineWorker(args: {
  deps: PipelineDeps;
  connection: Redis;
  prefix: string;
  concurrency: number;
  enqueuer: Enqueuer;
}): Worker {
  const { deps } = args;
  const worker = new Worker(PIPELINE_QUEUE, createProcessor(deps, args.enqueuer), {
    connection: args.connection,
    prefix: args.prefix,
    concurrency: args.concurrency,
  });
  worker.on('completed', (job) => deps.log.info({ jobId: job.id, job: job.name }, 'job completed'));
  worker.on('failed', (job, err) =>
    deps.log.warn({ jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade, reason: err.message }, 'job failed'),
  );
  worker.on('error', (err) => deps.log.error({ err }, 'worker error'));
  return worker;
}
