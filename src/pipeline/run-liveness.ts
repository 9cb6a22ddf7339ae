import { hostname } from 'node:os';
import type { PipelineDeps } from './deps.ts';
import type { PipelineRun } from '../../db/schema.ts';
import { settleRun } from './run-record.ts';
import { finishRunRow, runningOwnedRuns, skipQueuedStages, stagesOfRun, touchRunHeartbeat, writeStage } from '../../db/queries/runs.ts';

/**
 * An in-process run (the CLI's `run`, `rerun`, `backfill` without `--enqueue`) has no job in
 * Redis for the reconciler to look at; if its process is killed, nothing else would ever end it.
 * So the process writes who it is (`host:pid`) and a heartbeat, and whoever comes next (the next
 * run, the worker's reconciler) ends the runs whose process is gone.
 */

/** `host:pid` of this process, as stored in `pipeline_runs.owner`. */
export function thisProcessOwner(): string {
  return `${hostname()}:${process.pid}`;
}

export interface RunOwner {
  readonly host: string;
  readonly pid: number;
}

export function parseOwner(owner: string): RunOwner | undefined {
  const at = owner.lastIndexOf(':');
  const pid = Number(owner.slice(at + 1));
  if (at <= 0 || !Number.isInteger(pid) || pid <= 0) return undefined;
  return { host: owner.slice(0, at), pid };
}

/** Whether a process of this machine exists (signal 0 checks without signalling). */
export function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface LivenessProbe {
  readonly host: string;
  readonly now: Date;
  /** A run owned by another machine is gone after this long without a heartbeat. */
  readonly staleMs: number;
  readonly isPidAlive: (pid: number) => boolean;
}

export type OwnerVerdict = { readonly gone: false } | { readonly gone: true; readonly why: string };

/**
 * Decides whether a run's process is gone. On this machine the process table is the truth
 * (a heartbeat can be late on a busy machine; a dead pid is certain). For another machine only
 * the heartbeat can tell, so the threshold must be several heartbeat intervals.
 */
export function judgeOwner(run: Pick<PipelineRun, 'owner' | 'heartbeat_at' | 'started_at'>, probe: LivenessProbe): OwnerVerdict {
  const owner = run.owner ? parseOwner(run.owner) : undefined;
  if (!owner) return { gone: false };
  const last = run.heartbeat_at ?? run.started_at;
  const lastSeen = `last sign of life ${new Date(last).toISOString()}`;
  if (owner.host === probe.host) {
    return probe.isPidAlive(owner.pid) ? { gone: false } : { gone: true, why: `its process (pid ${owner.pid} on ${owner.host}) no longer exists; ${lastSeen}` };
  }
  const silentMs = probe.now.getTime() - new Date(last).getTime();
  return silentMs > probe.staleMs
    ? { gone: true, why: `its process (pid ${owner.pid} on ${owner.host}) has sent no heartbeat for ${Math.round(silentMs / 1000)} s; ${lastSeen}` }
    : { gone: false };
}

export interface Heartbeat {
  stop(): void;
}

/**
 * Keeps the heartbeat of a run this process owns (`openRun` with `owner`) fresh until stopped.
 * A failed heartbeat is logged, never thrown: it must not fail the run it is watching.
 */
export function startHeartbeat(deps: PipelineDeps, runId: string, opts: { intervalMs?: number } = {}): Heartbeat {
  const timer = setInterval(() => {
    touchRunHeartbeat(deps.db, runId, deps.now()).catch((err: unknown) =>
      deps.log.warn({ runId, reason: err instanceof Error ? err.message : String(err) }, 'run heartbeat not written; will try again'),
    );
  }, opts.intervalMs ?? HEARTBEAT_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

export const HEARTBEAT_MS = 15_000;
/** Eight missed heartbeats: long enough for a stalled but living process on a loaded machine. */
export const STALE_MS = 8 * HEARTBEAT_MS;

export interface AbandonedRun {
  readonly runId: string;
  readonly owner: string;
  readonly why: string;
}

/**
 * Ends every running in-process run whose process is gone: its open stages fail with
 * `RUN_ABANDONED` (queued ones are marked not run), then the run is settled like any other,
 * so `runs list` stops showing it as running and its releases can be run again.
 */
export async function endAbandonedRuns(deps: PipelineDeps, opts: Partial<LivenessProbe> = {}): Promise<AbandonedRun[]> {
  const probe: LivenessProbe = {
    host: opts.host ?? hostname(),
    now: opts.now ?? deps.now(),
    staleMs: opts.staleMs ?? STALE_MS,
    isPidAlive: opts.isPidAlive ?? pidIsAlive,
  };
  const out: AbandonedRun[] = [];
  for (const run of await runningOwnedRuns(deps.db)) {
    const verdict = judgeOwner(run, probe);
    if (!verdict.gone) continue;
    const rerun = '`distretti run` picks up what it did not finish (or `distretti rerun --release ID --from STAGE`)';
    const message = `the run was abandoned: ${verdict.why}; ${rerun}`;
    const stages = await stagesOfRun(deps.db, run.id);
    // Per subject, the stage it was at (or would have started next) failed; the rest never ran.
    // Marking queued stages only as skipped could settle a killed run as `succeeded`.
    const failedSubjects = new Set<string>();
    for (const s of stages) {
      if (!['queued', 'running', 'retrying'].includes(s.status) || failedSubjects.has(s.subject)) continue;
      await writeStage(deps.db, { runId: run.id, stage: s.stage, subject: s.subject, status: 'failed', finishedAt: probe.now, errorCode: 'RUN_ABANDONED', errorMessage: message });
      await skipQueuedStages(deps.db, { runId: run.id, subject: s.subject, reason: 'not run: the run was abandoned (RUN_ABANDONED)', finishedAt: probe.now });
      failedSubjects.add(s.subject);
    }
    const settled = stages.length > 0 ? await settleRun(deps, run.id) : undefined;
    if (!settled) {
      await finishRunRow(deps.db, { id: run.id, status: 'failed', finishedAt: probe.now, errorCode: 'RUN_ABANDONED', errorMessage: message });
    }
    deps.log.error({ runId: run.id, owner: run.owner, code: 'RUN_ABANDONED' }, message);
    out.push({ runId: run.id, owner: run.owner!, why: verdict.why });
  }
  return out;
}
