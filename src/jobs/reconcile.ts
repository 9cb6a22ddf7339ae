import type { Queue } from 'bullmq';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { settleRun } from '../pipeline/run-record.ts';
import { endAbandonedRuns } from '../pipeline/run-liveness.ts';
import { openStagesOfRunningRuns, runById, runningRunsWithoutOpenStages, skipQueuedStages, writeStage } from '../../db/queries/runs.ts';

export interface ReconciledStage {
  readonly runId: string;
  readonly stage: string;
  readonly subject: string;
  readonly jobId: string;
  readonly code: 'JOB_LOST' | 'JOB_STALLED' | 'JOB_FAILED';
}

/**
 * PostgreSQL is the record of truth for runs; Redis only holds the work. This finds open stages
 * whose job is gone (Redis restarted without persistence, keys evicted) or failed without its
 * handler recording it (stalled twice: the worker died twice mid-job), records them failed with
 * a code saying so and how to re-run, and ends the runs that have nothing left open.
 * Stages of runs younger than `graceMs` are left alone: their jobs may be being added right now.
 * In-process runs whose process is gone are ended too ({@link endAbandonedRuns}).
 */
export async function reconcileRuns(
  deps: PipelineDeps,
  queue: Queue,
  opts: { graceMs?: number } = {},
): Promise<ReconciledStage[]> {
  const graceMs = opts.graceMs ?? 120_000;
  const now = deps.now();
  const out: ReconciledStage[] = [];
  const touched = new Set<string>();
  const runStart = new Map<string, number>();
  const failedSubjects = new Set<string>();
  // In-process runs have no jobs to look at: their process's liveness tells (run-liveness.ts).
  await endAbandonedRuns(deps);
  for (const s of await openStagesOfRunningRuns(deps.db)) {
    if (!s.job_id) continue; // an in-process run: its own process records it
    if (failedSubjects.has(`${s.run_id}|${s.subject}`)) continue; // skipped below with its first failed stage
    if (!runStart.has(s.run_id)) runStart.set(s.run_id, (await runById(deps.db, s.run_id))?.started_at.getTime() ?? 0);
    if (now.getTime() - runStart.get(s.run_id)! < graceMs) continue;
    const state = await queue.getJobState(s.job_id);
    let code: ReconciledStage['code'];
    let message: string;
    const rerun = `re-run it with \`distretti rerun --release ID --from ${s.stage === 'render' ? 'render' : s.stage}\` (release id in \`distretti runs show ${s.run_id}\`)`;
    if (state === 'unknown') {
      code = 'JOB_LOST';
      message = `job ${s.job_id} is no longer in Redis (restarted without persistence, or evicted); ${rerun}`;
    } else if (state === 'failed') {
      const job = await queue.getJob(s.job_id);
      const reason = job?.failedReason ?? 'failed';
      code = /stalled/i.test(reason) ? 'JOB_STALLED' : 'JOB_FAILED';
      message = `${reason}; ${rerun}`;
    } else continue;
    await writeStage(deps.db, { runId: s.run_id, stage: s.stage, subject: s.subject, status: 'failed', finishedAt: now, errorCode: code, errorMessage: message });
    await skipQueuedStages(deps.db, { runId: s.run_id, subject: s.subject, reason: `not run: ${s.stage} ${code}`, finishedAt: now });
    deps.log.error({ runId: s.run_id, stage: s.stage, subject: s.subject, jobId: s.job_id, code }, 'run stage failed outside its job');
    failedSubjects.add(`${s.run_id}|${s.subject}`);
    out.push({ runId: s.run_id, stage: s.stage, subject: s.subject, jobId: s.job_id, code });
    touched.add(s.run_id);
  }
  for (const id of await runningRunsWithoutOpenStages(deps.db)) touched.add(id);
  for (const id of touched) await settleRun(deps, id);
  return out;
}

/** Reconciles now and then every `intervalMs` until stopped; errors are logged, never thrown. */
export function startReconciler(deps: PipelineDeps, queue: Queue, opts: { intervalMs?: number; graceMs?: number } = {}): { poke(): void; stop(): void } {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    reconcileRuns(deps, queue, opts)
      .catch((err: unknown) => deps.log.warn({ err }, 'run reconciliation failed; will try again'))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, opts.intervalMs ?? 60_000);
  timer.unref();
  tick();
  return { poke: tick, stop: () => clearInterval(timer) };
}
