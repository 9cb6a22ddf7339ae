import type { Job } from 'bullmq';
import type { PipelineDeps } from '../pipeline/deps.ts';
import type { StageName } from '../../db/schema.ts';
import { dispositionOf } from '../errors/distretti-error.ts';
import { recordStage, settleRun, type StageCall } from '../pipeline/run-record.ts';
import type { Enqueuer } from './enqueue.ts';

/** The worker's threads, as far as its jobs steer them. */
export interface WorkerThreads {
  /** Releases the PDF parse thread unless a parse is in flight (a later parse starts a new one). */
  releaseIdleParser(): Promise<boolean>;
}

/** What a job handler gets: the pipeline's dependencies, the queue, its job and the worker's threads. */
export interface JobContext {
  readonly deps: PipelineDeps;
  readonly enqueuer: Enqueuer;
  readonly job: Job;
  readonly threads: WorkerThreads;
}

/** Threads no job can release (e.g. a parser shared with the rest of the process). */
export const UNMANAGED_THREADS: WorkerThreads = { releaseIdleParser: async () => false };

/** Whether this failure is the job's last: not retryable, or no attempt left. */
export function isFinalFailure(job: Job): (e: unknown) => boolean {
  return (e) => dispositionOf(e) !== 'retryable' || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Runs a stage as this job: recorded in the run's history (attempt, job id, outcome), and
 * the run settled once this was its last open stage — on success and on the last failure alike,
 * so the queue path records failures as the in-process path does.
 */
export async function runStageJob<T>(
  ctx: JobContext,
  call: Omit<StageCall<T>, 'jobId' | 'attempt' | 'isFinal'> & { stage: StageName },
  fn: () => Promise<T>,
): Promise<T> {
  const { deps, job } = ctx;
  const final = isFinalFailure(job);
  try {
    const result = await recordStage(deps, { ...call, jobId: job.id ?? null, attempt: job.attemptsMade + 1, isFinal: final }, fn);
    await settleRun(deps, call.runId);
    return result;
  } catch (e) {
    if (final(e)) await settleRun(deps, call.runId);
    throw e;
  }
}

/** The value a child job returned, found by the stage it reports. */
export async function childResult<T extends { stage: string }>(job: Job, stage: string): Promise<T | undefined> {
  const values = (await job.getChildrenValues()) as Record<string, T>;
  return Object.values(values).find((v) => v && typeof v === 'object' && v.stage === stage);
}
