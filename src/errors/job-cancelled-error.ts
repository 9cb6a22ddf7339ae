import { RetryableError } from './distretti-error.ts';

/**
 * The work was stopped on purpose (`JOB_CANCELLED`), e.g. the worker is shutting down and
 * its grace period ran out. Retryable: the job is handed back to the queue, not failed.
 */
export class JobCancelledError extends RetryableError {
  constructor(reason: string) {
    super('JOB_CANCELLED', `stopped before it finished: ${reason}; the job goes back to the queue and runs again.`, { reason });
  }
}
