import type { JobsOptions } from 'bullmq';

/**
 * Retries for transient failures (network, 5xx after the HTTP client's own retries,
 * database unavailable): exponential, starting at 30 s. Input errors never retry —
 * the processor turns them into UnrecoverableError.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 30_000, jitter: 0.2 },
  // Keep history for operators: completed for a week, failed for 90 days.
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  removeOnFail: { age: 90 * 24 * 3600 },
};
