import { DelayedError, WaitingError, type Job } from 'bullmq';
import type { Logger } from '../log.ts';
import { isDistrettiError } from '../errors/distretti-error.ts';
import { JobCancelledError } from '../errors/job-cancelled-error.ts';
import { runCancellable } from '../lib/cancellation.ts';

/** Backoff for jobs handed back during an outage. */
export interface OutageBackoffOptions {
  /** First delay. @defaultValue 5000 */
  baseMs?: number;
  /** Longest delay. @defaultValue 300000 */
  maxMs?: number;
}

type Process = (job: Job) => Promise<unknown>;

/**
 * Wraps a processor with the two ways a job goes back to the queue without using up an attempt:
 * - **cancelled** (the worker is shutting down and its grace ran out, see ./shutdown.ts): the job
 *   returns to `wait` at once for another worker; the processor's signal makes HTTP and
 *   discovery stop early, and the job is handed back even if the stage ignores the signal;
 * - **a backing service is unavailable** (`DB_UNAVAILABLE`, `REDIS_UNAVAILABLE`): the job is
 *   delayed with an exponential backoff shared by the whole worker (reset by any success), so an
 *   outage of any length burns no retries meant for real failures and the work resumes by
 *   itself when the service returns.
 */
export function withHandBack(processor: Process, opts: { log: Logger; outage?: OutageBackoffOptions; random?: () => number }) {
  const baseMs = opts.outage?.baseMs ?? 5000;
  const maxMs = opts.outage?.maxMs ?? 300_000;
  const random = opts.random ?? Math.random;
  let consecutiveOutages = 0;

  return async function process(job: Job, token?: string, signal?: AbortSignal): Promise<unknown> {
    const log = opts.log.child({ jobId: job.id, job: job.name });
    const work = runCancellable(signal, () => processor(job));
    work.catch(() => {}); // settled below, or abandoned after a hand-back
    try {
      const result = await (signal ? untilAborted(work, signal) : work);
      consecutiveOutages = 0;
      return result;
    } catch (e) {
      if (signal?.aborted || e instanceof JobCancelledError) {
        await job.moveToWait(token);
        log.warn({ code: 'JOB_CANCELLED', attemptsMade: job.attemptsMade }, 'job handed back to the queue (worker shutting down)');
        throw new WaitingError();
      }
      if (isDistrettiError(e) && (e.code === 'DB_UNAVAILABLE' || e.code === 'REDIS_UNAVAILABLE')) {
        consecutiveOutages++;
        const delay = Math.min(maxMs, baseMs * 2 ** Math.min(consecutiveOutages - 1, 20));
        const delayMs = Math.round(delay * (0.8 + 0.4 * random()));
        await job.moveToDelayed(Date.now() + delayMs, token);
        log.warn({ code: e.code, retryInMs: delayMs, reason: e.message }, 'job failed as retryable: service unavailable; handed back with a backoff');
        throw new DelayedError();
      }
      throw e;
    }
  };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new JobCancelledError('cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new JobCancelledError('cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
