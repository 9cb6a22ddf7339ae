import type { Worker } from 'bullmq';
import type { Logger } from '../log.ts';

/** How a worker stopped. */
export type StopOutcome = 'drained' | 'handed-back' | 'abandoned';

/**
 * Stops a BullMQ worker within a bounded time (issue 10: SIGTERM during discovery took 31 s,
 * longer than a platform's usual grace). It stops taking jobs and lets the active ones finish for
 * `graceMs`; then it cancels them (the processor's AbortSignal: see ./hand-back.ts), which hands
 * them back to the queue; if even that does not settle within `handBackMs`, it gives up and the
 * caller exits: the jobs' locks expire and stall detection gives them to another worker.
 */
export async function stopWorker(worker: Worker, opts: { graceMs: number; handBackMs?: number; log: Logger }): Promise<StopOutcome> {
  const closing = worker.close().then(() => 'closed' as const);
  const wait = (ms: number) => new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref());
  if ((await Promise.race([closing, wait(opts.graceMs)])) === 'closed') return 'drained';
  opts.log.warn({ graceMs: opts.graceMs }, 'active jobs did not finish within the grace period: handing them back to the queue');
  worker.cancelAllJobs('worker shutting down');
  if ((await Promise.race([closing, wait(opts.handBackMs ?? 5000)])) === 'closed') return 'handed-back';
  opts.log.error({}, 'jobs could not be handed back in time; exiting anyway (stall detection will recover them)');
  return 'abandoned';
}
