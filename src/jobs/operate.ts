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

/** Re-runs every failed job; returns how many. */
export async function retryAllFailed(queue: Queue): Promise<number> {
  const failed = await queue.getJobs(['failed']);
  let n = 0;
  for (const job of failed) {
    if (!job) continue;
    await job.retry('failed');
    n++;
  }
  return n;
}
