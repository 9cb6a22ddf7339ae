import { sql, type Kysely } from 'kysely';
import type { Database, PipelineRun, RunStage, RunStatus, StageName, StageStatus } from '../schema.ts';

/** Reads and writes of run history (`pipeline_runs`, `run_stages`); the pipeline decides. */

export interface NewRun {
  readonly kind: string;
  readonly trigger: string;
  readonly parameters: Record<string, unknown>;
  readonly codeVersion: string;
  readonly startedAt: Date;
  readonly jobId?: string | null;
  /** `host:pid` of the process that executes it (in-process runs). */
  readonly owner?: string | null;
}

/** Inserts a run; its id comes from the `pipeline_run_seq` sequence. */
export async function insertRun(db: Kysely<Database>, r: NewRun): Promise<string> {
  const row = await db
    .insertInto('pipeline_runs')
    .values({
      kind: r.kind,
      trigger: r.trigger,
      status: 'running',
      job_id: r.jobId ?? null,
      started_at: r.startedAt,
      parameters: JSON.stringify(r.parameters),
      code_version: r.codeVersion,
      owner: r.owner ?? null,
      heartbeat_at: r.owner ? r.startedAt : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setRunJobId(db: Kysely<Database>, runId: string, jobId: string): Promise<void> {
  await db.updateTable('pipeline_runs').set({ job_id: jobId }).where('id', '=', runId).execute();
}

export async function runById(db: Kysely<Database>, id: string): Promise<PipelineRun | undefined> {
  return db.selectFrom('pipeline_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function runByJobId(db: Kysely<Database>, jobId: string): Promise<PipelineRun | undefined> {
  return db.selectFrom('pipeline_runs').selectAll().where('job_id', '=', jobId).orderBy('started_at', 'desc').executeTakeFirst();
}

/** Runs newest first, optionally in one state and started since a date. */
export async function listRuns(
  db: Kysely<Database>,
  q: { status?: RunStatus; since?: Date; limit?: number } = {},
): Promise<PipelineRun[]> {
  let query = db.selectFrom('pipeline_runs').selectAll();
  if (q.status) query = query.where('status', '=', q.status);
  if (q.since) query = query.where('started_at', '>=', q.since);
  return query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(q.limit ?? 50).execute();
}

/**
 * Ends a run that is still `running`. Returns false when it had already ended, so two
 * workers finishing the last two stages at once record the outcome once.
 */
export async function finishRunRow(
  db: Kysely<Database>,
  r: { id: string; status: Exclude<RunStatus, 'running'>; finishedAt: Date; summary?: unknown; errorCode?: string; errorMessage?: string },
): Promise<boolean> {
  const res = await db
    .updateTable('pipeline_runs')
    .set({
      status: r.status,
      finished_at: r.finishedAt,
      summary: r.summary === undefined ? null : JSON.stringify(r.summary),
      error_code: r.errorCode ?? null,
      error_message: r.errorMessage ?? null,
      error: r.errorCode ? JSON.stringify({ code: r.errorCode, message: r.errorMessage }) : null,
    })
    .where('id', '=', r.id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export interface StageWrite {
  readonly runId: string;
  readonly stage: StageName;
  readonly subject: string;
  readonly status: StageStatus;
  readonly releaseId?: number | null;
  readonly jobId?: string | null;
  readonly attempts?: number;
  readonly startedAt?: Date | null;
  readonly finishedAt?: Date | null;
  readonly counts?: unknown;
  readonly errorCode?: string | null;
  readonly errorMessage?: string | null;
}

/** Creates or updates the row of one stage; fields left undefined keep their value. */
export async function writeStage(db: Kysely<Database>, s: StageWrite): Promise<void> {
  const set: Record<string, unknown> = { status: s.status };
  if (s.releaseId !== undefined) set.release_id = s.releaseId;
  if (s.jobId !== undefined) set.job_id = s.jobId;
  if (s.attempts !== undefined) set.attempts = s.attempts;
  if (s.startedAt !== undefined) set.started_at = s.startedAt;
  if (s.finishedAt !== undefined) set.finished_at = s.finishedAt;
  if (s.counts !== undefined) set.counts = s.counts === null ? null : JSON.stringify(s.counts);
  if (s.errorCode !== undefined) set.error_code = s.errorCode;
  if (s.errorMessage !== undefined) set.error_message = s.errorMessage;
  await db
    .insertInto('run_stages')
    .values({ run_id: s.runId, stage: s.stage, subject: s.subject, ...set } as never)
    .onConflict((oc) => oc.columns(['run_id', 'stage', 'subject']).doUpdateSet(set as never))
    .execute();
}

/**
 * Writes many stages as `queued` in one statement (a run plans up to three stages per release,
 * one round trip each before; issue 13). Rows already there go back to `queued` with the job id given.
 */
export async function writeQueuedStages(
  db: Kysely<Database>,
  rows: ReadonlyArray<{ runId: string; stage: StageName; subject: string; jobId: string | null }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('run_stages')
    .values(rows.map((r) => ({ run_id: r.runId, stage: r.stage, subject: r.subject, status: 'queued', job_id: r.jobId })) as never)
    .onConflict((oc) => oc.columns(['run_id', 'stage', 'subject']).doUpdateSet((eb) => ({ status: 'queued', job_id: eb.ref('excluded.job_id') }) as never))
    .execute();
}

/** Marks every not-yet-started stage of a subject in a run as skipped (an earlier stage failed). */
export async function skipQueuedStages(
  db: Kysely<Database>,
  q: { runId: string; subject: string; reason: string; finishedAt: Date },
): Promise<void> {
  await db
    .updateTable('run_stages')
    .set({ status: 'skipped', error_message: q.reason, finished_at: q.finishedAt })
    .where('run_id', '=', q.runId)
    .where('subject', '=', q.subject)
    .where('status', '=', 'queued')
    .execute();
}

export async function stagesOfRun(db: Kysely<Database>, runId: string): Promise<RunStage[]> {
  return db.selectFrom('run_stages').selectAll().where('run_id', '=', runId).orderBy('id').execute();
}

/** Stages of running runs that have not ended, with their job ids: what the reconciler checks. */
export async function openStagesOfRunningRuns(db: Kysely<Database>): Promise<RunStage[]> {
  return db
    .selectFrom('run_stages as s')
    .innerJoin('pipeline_runs as r', 'r.id', 's.run_id')
    .selectAll('s')
    .where('r.status', '=', 'running')
    .where('s.status', 'in', ['queued', 'running', 'retrying'])
    .orderBy('s.id')
    .execute();
}

/** Running runs that have no open stage left (their last job ended, or none was ever queued). */
export async function runningRunsWithoutOpenStages(db: Kysely<Database>): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    select r.id from pipeline_runs r
    where r.status = 'running'
      and exists (select 1 from run_stages s where s.run_id = r.id)
      and not exists (select 1 from run_stages s where s.run_id = r.id and s.status in ('queued','running','retrying'))
  `.execute(db);
  return rows.rows.map((r) => r.id);
}

/** The most recent start of a run with this trigger (the scheduler's missed-run policy reads it). */
export async function lastRunStartedAt(db: Kysely<Database>, trigger: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('pipeline_runs')
    .select('started_at')
    .where('trigger', '=', trigger)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.started_at;
}


/** A sign of life of the process executing a running run; false once the run has ended. */
export async function touchRunHeartbeat(db: Kysely<Database>, runId: string, at: Date): Promise<boolean> {
  const res = await db
    .updateTable('pipeline_runs')
    .set({ heartbeat_at: at })
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Running runs executed by a process (not by queue jobs): the ones whose owner may be gone. */
export async function runningOwnedRuns(db: Kysely<Database>): Promise<PipelineRun[]> {
  return db.selectFrom('pipeline_runs').selectAll().where('status', '=', 'running').where('owner', 'is not', null).orderBy('id').execute();
}

/**
 * Claims the right to deliver one alert now: true (and counted as sent) when the key was never
 * sent or was last sent at least `repeatMs` ago, else false (counted as suppressed). One upsert,
 * so two processes settling runs at once cannot both deliver it.
 */
export async function claimAlert(db: Kysely<Database>, a: { key: string; kind: string; now: Date; repeatMs: number }): Promise<boolean> {
  const cutoff = new Date(a.now.getTime() - a.repeatMs);
  const claimed = await db
    .insertInto('alerts_sent')
    .values({ key: a.key, kind: a.kind, first_sent_at: a.now, last_sent_at: a.now })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ last_sent_at: a.now, times_sent: sql`alerts_sent.times_sent + 1` })
        .where('alerts_sent.last_sent_at', '<=', cutoff),
    )
    .returning('key')
    .executeTakeFirst();
  if (claimed) return true;
  await db.updateTable('alerts_sent').set({ times_suppressed: sql`times_suppressed + 1` }).where('key', '=', a.key).execute();
  return false;
}
