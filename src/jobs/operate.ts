import type { Job, Queue } from 'bullmq';
import { NotRetryableError } from '../errors/distretti-error.ts';

export type JobState = 'failed' | 'completed' | 'active' | 'waiting' | 'delayed' | 'waiting-children';

/** What an operator needs to see of a job, without its (possibly large) return value. */
export interface JobSummary {
  readonly id: string;
  readonly name: string;
  readonly state: JobState;
  readonly attemptsMade: number;
  readonly failedReason: string | null;
  readonly data: unknown;
  readonly timestamp: number;
  readonly finishedOn: number | null;
}

function summarise(job: Job, state: JobState): JobSummary {
  return {
    id: job.id!,
    name: job.name,
    state,
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason ?? null,
    data: job.data,
    timestamp: job.timestamp,
    finishedOn: job.finishedOn ?? null,
  };
}

/** Jobs in a state, newest first. */
export async function listJobs(queue: Queue, state: JobState, limit = 50): Promise<JobSummary[]> {
  const jobs = await queue.getJobs([state], 0, limit - 1, false);
  return jobs.filter((j): j is Job => Boolean(j)).map((j) => summarise(j, state));
}

export class JobNotFoundError extends NotRetryableError {
  constructor(id: string, why: string) {
    super('JOB_NOT_FOUND', `job ${id}: ${why}. List failed jobs with \`distretti jobs list --state failed\`.`, { jobId: id });
  }
}

/** Re-runs one failed job (same id, same payload). */
export async function retryJob(queue: Queue, id: string): Promise<void> {
  const job = await queue.getJob(id);
  if (!job) throw new JobNotFoundError(id, 'no such job (it may have been removed after 90 days)');
  const state = await job.getState();
  if (state !== 'failed') throw new JobNotFoundError(id, `it is ${state}, not failed`);
  await job.retry('failed');
}

export interface FailedJobFilter {
  /** Only jobs whose failure code (the start of their failed reason) is this. */
  readonly code?: string;
  /** Only jobs that failed at or after this time. */
  readonly since?: Date;
}

/** BullMQ's reason on a parent failed because its child failed (`failParentOnFailure`). */
const CASCADED = /^child \S+ failed$/;

/**
 * The failed jobs a `retry --all` would re-run, oldest first: matching the filter, and not the
 * parents failed only because a child failed (they are not work of their own — retry the child,
 * or re-run the release with `distretti rerun`).
 */
export async function selectFailed(queue: Queue, filter: FailedJobFilter = {}): Promise<JobSummary[]> {
  const jobs = (await queue.getJobs(['failed'])).filter((j): j is Job => Boolean(j));
  return jobs
    .filter((j) => !CASCADED.test(j.failedReason ?? ''))
    .filter((j) => !filter.code || (j.failedReason ?? '').startsWith(`${filter.code}:`))
    .filter((j) => !filter.since || (j.finishedOn ?? 0) >= filter.since.getTime())
    .map((j) => summarise(j, 'failed'))
    .sort((a, b) => (a.finishedOn ?? 0) - (b.finishedOn ?? 0));
}

/** Re-runs the failed jobs {@link selectFailed} picks (none with `dryRun`); returns them. */
export async function retryAllFailed(queue: Queue, filter: FailedJobFilter = {}, opts: { dryRun?: boolean } = {}): Promise<JobSummary[]> {
  const chosen = await selectFailed(queue, filter);
  if (opts.dryRun) return chosen;
  for (const j of chosen) {
    const job = await queue.getJob(j.id);
    if (job && (await job.getState()) === 'failed') await job.retry('failed');
  }
  return chosen;
}
