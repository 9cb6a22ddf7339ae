import type { BackoffStrategy, JobsOptions } from 'bullmq';
import { RetryableError } from '../errors/distretti-error.ts';

/** Name of our backoff type in job options; the worker registers {@link retryAfterBackoff} for it. */
export const RETRY_AFTER_BACKOFF = 'retry-after';

/** First retry after 30 s, doubling; ±20 % jitter so a burst of failures does not retry in lockstep. */
const BASE_DELAY_MS = 30_000;
const JITTER = 0.2;

/**
 * Delay before a failed job's next attempt: what the publisher asked for in `Retry-After`
 * (carried on the error as `retryAfterMs`) plus up to 5 % jitter, else exponential with jitter.
 * A fixed 30 s backoff would hammer a publisher that asked for two minutes.
 */
export const retryAfterBackoff: BackoffStrategy = (attemptsMade, _type, err) => {
  const asked = err instanceof RetryableError ? err.retryAfterMs : undefined;
  if (asked !== undefined && asked > 0) return Math.round(asked * (1 + Math.random() * 0.05));
  const step = BASE_DELAY_MS * 2 ** Math.max(0, attemptsMade - 1);
  return Math.round(step * (1 - JITTER + Math.random() * JITTER * 2));
};

/**
 * Retries for transient failures (network, 5xx after the HTTP client's own retries,
 * database unavailable). Input errors never retry: handlers turn them into UnrecoverableError.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: RETRY_AFTER_BACKOFF, delay: BASE_DELAY_MS },
  // Keep history for operators: completed for a week, failed for 90 days.
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  removeOnFail: { age: 90 * 24 * 3600 },
};
