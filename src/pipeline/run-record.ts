import type { PipelineDeps } from './deps.ts';
import type { StageName } from '../../db/schema.ts';
import { dispositionOf, isDistrettiError } from '../errors/distretti-error.ts';
import type { Alert } from './alerts.ts';
import {
  claimAlert,
  finishRunRow,
  insertRun,
  skipQueuedStages,
  stagesOfRun,
  writeStage,
} from '../../db/queries/runs.ts';
import { runOutcome } from './run-outcome.ts';
import { findLateReleases } from './lateness.ts';

/** What started a run (issue 10): the scheduler, an operator, a backfill, a re-run, the web. */
export type RunTrigger = 'schedule' | 'manual' | 'backfill' | 'retry' | 'web';

/** Opens a run row (id from PostgreSQL) and returns its id. */
export async function openRun(
  deps: PipelineDeps,
  r: { kind: string; trigger: RunTrigger | string; parameters: Record<string, unknown>; jobId?: string | null; owner?: string | null },
): Promise<string> {
  const id = await insertRun(deps.db, { ...r, codeVersion: deps.codeVersion, startedAt: deps.now() });
  deps.log.info({ runId: id, trigger: r.trigger, kind: r.kind }, 'run started');
  return id;
}

/** `CODE: first line` of any thrown value, as stored in run history. */
export function errorFields(e: unknown): { code: string; message: string } {
  const code = isDistrettiError(e) ? e.code : 'UNEXPECTED';
  const message = e instanceof Error ? e.message : String(e);
  return { code, message };
}

export interface StageCall<T> {
  readonly runId: string;
  readonly stage: StageName;
  readonly subject: string;
  readonly jobId?: string | null;
  /** 1-based attempt (queue path). @defaultValue 1 */
  readonly attempt?: number;
  /** Whether a failure is the last one (no retry will follow). @defaultValue every failure is final */
  readonly isFinal?: (e: unknown) => boolean;
  /** Counts worth keeping from the result (rows, figures, bytes…). */
  readonly counts?: (result: T) => Record<string, unknown>;
  readonly releaseId?: (result: T) => number | undefined;
}

/**
 * Runs one stage and records it: `running`, then `succeeded` with counts and timings, or
 * `failed` with the error's code and message (on the last attempt; `retrying` before),
 * after which the subject's later stages are `skipped`. Re-throws the failure.
 * Both paths (in-process, BullMQ job) go through here, so both record the same way.
 */
export async function recordStage<T>(deps: PipelineDeps, call: StageCall<T>, fn: () => Promise<T>): Promise<T> {
  const key = { runId: call.runId, stage: call.stage, subject: call.subject };
  await writeStage(deps.db, {
    ...key,
    status: 'running',
    jobId: call.jobId ?? null,
    attempts: call.attempt ?? 1,
    startedAt: deps.now(),
    finishedAt: null,
    errorCode: null,
    errorMessage: null,
  });
  try {
    const result = await fn();
    await writeStage(deps.db, {
      ...key,
      status: 'succeeded',
      finishedAt: deps.now(),
      counts: call.counts?.(result) ?? null,
      ...(call.releaseId?.(result) !== undefined ? { releaseId: call.releaseId(result)! } : {}),
    });
    return result;
  } catch (e) {
    const final = call.isFinal?.(e) ?? true;
    const { code, message } = errorFields(e);
    const releaseId = isDistrettiError(e) && typeof e.context.releaseId === 'number' && e.context.releaseId > 0 ? e.context.releaseId : undefined;
    await writeStage(deps.db, {
      ...key,
      status: final ? 'failed' : 'retrying',
      finishedAt: final ? deps.now() : null,
      errorCode: code,
      errorMessage: message,
      ...(releaseId !== undefined ? { releaseId } : {}),
    });
    if (final) {
      await skipQueuedStages(deps.db, {
        runId: call.runId,
        subject: call.subject,
        reason: `not run: ${call.stage} failed (${code})`,
        finishedAt: deps.now(),
      });
    }
    // The run id once per line: in-process runs already bind it to their logger.
    const runIdField = runIdUnlessBound(deps, call.runId);
    deps.log[final ? 'error' : 'warn']({ ...runIdField, stage: call.stage, subject: call.subject, code, disposition: dispositionOf(e), final }, `${call.stage} failed`);
    throw e;
  }
}

/** `{ runId }` for a log line, unless the logger already binds it (a JSON key written twice confuses log tools). */
function runIdUnlessBound(deps: PipelineDeps, runId: string): { runId?: string } {
  return (deps.log.bindings?.() as { runId?: string } | undefined)?.runId === runId ? {} : { runId };
}

/** Marks a stage as not run, with why (e.g. nothing to brief on yet, already queued by another run). */
export async function recordSkipped(
  deps: PipelineDeps,
  s: { runId: string; stage: StageName; subject: string; code: string; message: string; jobId?: string | null },
): Promise<void> {
  await writeStage(deps.db, {
    runId: s.runId,
    stage: s.stage,
    subject: s.subject,
    status: 'skipped',
    jobId: s.jobId ?? null,
    finishedAt: deps.now(),
    errorCode: s.code,
    errorMessage: s.message,
  });
}

export interface SettledRun {
  readonly runId: string;
  readonly status: 'succeeded' | 'partly-failed' | 'failed';
  /** Whether this call ended the run (false when another process did it first). */
  readonly finishedNow: boolean;
}

/**
 * Ends the run once its last stage has ended: outcome from the stages, late notes and
 * quarantined releases alerted (never failing the run). No-op while a stage is open.
 */
export async function settleRun(deps: PipelineDeps, runId: string): Promise<SettledRun | undefined> {
  const stages = await stagesOfRun(deps.db, runId);
  const status = runOutcome(stages);
  if (!status) return undefined;
  const failedSubjects = new Set(stages.filter((s) => s.status === 'failed').map((s) => s.subject));
  const pending = [...failedSubjects].map((s) => {
    const [series = '', region = ''] = s.split('/');
    return { series, region };
  });
  const late = await findLateReleases(deps, { pending });
  const quarantined = stages.filter((s) => s.status === 'failed' && s.error_code && /QUARANTIN|LAYOUT_DRIFT|UNKNOWN_ENTITY|PDF_UNREADABLE/.test(s.error_code));
  const firstFailure = stages.find((s) => s.status === 'failed');
  const counts = Object.fromEntries(
    (['succeeded', 'failed', 'skipped'] as const).map((st) => [st, stages.filter((s) => s.status === st).length]),
  );
  const finishedNow = await finishRunRow(deps.db, {
    id: runId,
    status,
    finishedAt: deps.now(),
    summary: { stages: counts, late },
    ...(firstFailure && status !== 'succeeded'
      ? { errorCode: firstFailure.error_code ?? 'UNEXPECTED', errorMessage: `${firstFailure.stage} ${firstFailure.subject}: ${firstFailure.error_message ?? ''}` }
      : {}),
  });
  if (finishedNow) {
    deps.log.info({ ...runIdUnlessBound(deps, runId), status, ...counts }, 'run finished');
    for (const l of late) {
      deps.log.warn({ ...runIdUnlessBound(deps, runId), ...l }, 'release late: past its usual publication window and not loaded');
      await alertOnce(deps, {
        kind: 'release-late',
        key: `release-late:${l.series}/${l.region}/${l.refQuarter}`,
        runId,
        message: `the ${l.refQuarter} note of ${l.series} (${l.region}) was expected before ${l.lateSince} and is not loaded`,
        details: { ...l },
      });
    }
    for (const q of quarantined) {
      await alertOnce(deps, {
        kind: 'release-quarantined',
        key: `release-quarantined:${q.subject}:${q.stage}:${q.error_code}`,
        runId,
        message: `${q.subject} was quarantined at ${q.stage} (${q.error_code}); see \`distretti runs show ${runId}\``,
        details: { subject: q.subject, stage: q.stage, code: q.error_code, releaseId: q.release_id },
      });
    }
  }
  return { runId, status, finishedNow };
}

/**
 * Delivers an alert unless the same one (same key) went out within `alertRepeatMs`: a note that
 * stays late would otherwise page someone on every daily poll. If the record of sent alerts
 * cannot be read, the alert is sent anyway: a repeat is better than a lost alert.
 */
async function alertOnce(deps: PipelineDeps, alert: Alert): Promise<void> {
  if (!deps.alerts) return;
  const claimed = await claimAlert(deps.db, { key: alert.key, kind: alert.kind, now: deps.now(), repeatMs: deps.alertRepeatMs ?? DAY_MS }).catch((err: unknown) => {
    deps.log.warn({ key: alert.key, reason: err instanceof Error ? err.message : String(err) }, 'could not check whether this alert was already sent; sending it');
    return true;
  });
  if (!claimed) {
    deps.log.info({ runId: alert.runId, alert: alert.kind, key: alert.key }, 'alert already sent recently; not repeated');
    return;
  }
  await deps.alerts.send(alert);
}

const DAY_MS = 86_400_000;

/** Ends a run that failed before any stage could be planned (e.g. configuration). */
export async function failRunEarly(deps: PipelineDeps, runId: string, e: unknown): Promise<void> {
  const { code, message } = errorFields(e);
  await finishRunRow(deps.db, { id: runId, status: 'failed', finishedAt: deps.now(), errorCode: code, errorMessage: message });
}
