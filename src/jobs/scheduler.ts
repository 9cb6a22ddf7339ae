import type { Queue } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../log.ts';
import { lastRunStartedAt } from '../../db/queries/runs.ts';
import { nextOccurrence, occurrencesBetween } from '../schedule/cron.ts';
import type { JobPayloads } from './payloads.ts';
import { DEFAULT_JOB_OPTIONS } from './retry-policy.ts';

export const DISCOVERY_SCHEDULER_ID = 'discovery';
export const WINDOW_SCHEDULER_ID = 'discovery-window';

export type MissedRunPolicy = 'skip' | 'latest' | 'all';

export interface ScheduleSettings {
  /** Weekly discovery (`DISTRETTI_SCHEDULE`). */
  readonly pattern: string;
  /** Daily poll that only runs while a note is due (`DISTRETTI_WINDOW_SCHEDULE`). */
  readonly windowPattern: string;
  readonly tz: string;
  readonly missedRuns: MissedRunPolicy;
}

/** Every schedule we own, from one place: start-up reconciles Redis to exactly this list. */
export function desiredSchedules(s: ScheduleSettings): Array<{ id: string; pattern: string; data: JobPayloads['run'] }> {
  return [
    { id: DISCOVERY_SCHEDULER_ID, pattern: s.pattern, data: { trigger: 'schedule' } },
    { id: WINDOW_SCHEDULER_ID, pattern: s.windowPattern, data: { trigger: 'schedule', onlyWhenDue: true } },
  ];
}

/**
 * Makes Redis hold exactly our schedules: upserted by fixed id (so restarts and several
 * scheduler processes never add a second copy), and any other scheduler on the queue — left by an
 * older configuration — removed.
 */
export async function reconcileSchedules(queue: Queue, s: ScheduleSettings): Promise<{ upserted: string[]; removed: string[] }> {
  const wanted = desiredSchedules(s);
  for (const w of wanted) {
    await queue.upsertJobScheduler(w.id, { pattern: w.pattern, tz: s.tz }, { name: 'run', data: w.data, opts: DEFAULT_JOB_OPTIONS });
  }
  const removed: string[] = [];
  for (const existing of await queue.getJobSchedulers(0, -1)) {
    const id = existing.key;
    if (!wanted.some((w) => w.id === id)) {
      await queue.removeJobScheduler(id);
      removed.push(id);
    }
  }
  return { upserted: wanted.map((w) => w.id), removed };
}

/**
 * Discovery runs that should have started since the last scheduled run while nothing ran
 * (Redis or every worker down): `skip` queues none (the next occurrence will discover everything
 * still pending anyway), `latest` one, `all` one per missed occurrence (at most `limit`).
 * Job ids are derived from the occurrence, so several schedulers starting at once queue each once.
 */
export async function catchUpMissedRuns(
  db: Kysely<Database>,
  queue: Queue,
  s: ScheduleSettings,
  opts: { now: Date; log: Logger; limit?: number },
): Promise<{ missed: Date[]; queued: string[] }> {
  const last = await lastRunStartedAt(db, 'schedule');
  if (!last) return { missed: [], queued: [] }; // a new deployment has missed nothing
  // An occurrence in the last minute may be starting right now: not missed.
  const until = new Date(opts.now.getTime() - 60_000);
  const missed = until > last ? occurrencesBetween(s.pattern, s.tz, last, until, opts.limit ?? 520) : [];
  const chosen = s.missedRuns === 'skip' ? [] : s.missedRuns === 'latest' ? missed.slice(-1) : missed;
  const queued: string[] = [];
  for (const at of chosen) {
    const jobId = `missed.${DISCOVERY_SCHEDULER_ID}.${at.getTime()}`;
    const data: JobPayloads['run'] = { trigger: 'schedule' };
    await queue.add('run', data, { ...DEFAULT_JOB_OPTIONS, jobId });
    queued.push(jobId);
  }
  if (missed.length) opts.log.warn({ missed: missed.length, policy: s.missedRuns, queued: queued.length, last }, 'scheduled runs were missed');
  return { missed, queued };
}

export interface ScheduleListing {
  readonly id: string;
  readonly pattern: string;
  readonly tz: string;
  /** Next run (ISO), from Redis when registered, else computed. */
  readonly next: string | null;
  /** Last scheduled run that started (ISO), from the run history. */
  readonly last: string | null;
  readonly registered: boolean;
}

/** What `distretti schedules list` shows: each schedule we own, registered or not, with next and last run. */
export async function listSchedules(db: Kysely<Database>, queue: Queue, s: ScheduleSettings, now: Date): Promise<ScheduleListing[]> {
  const last = await lastRunStartedAt(db, 'schedule');
  const out: ScheduleListing[] = [];
  for (const w of desiredSchedules(s)) {
    const reg = await queue.getJobScheduler(w.id);
    const next = reg?.next ? new Date(reg.next) : nextOccurrence(w.pattern, s.tz, now);
    out.push({
      id: w.id,
      pattern: reg?.pattern ?? w.pattern,
      tz: reg?.tz ?? s.tz,
      next: next.toISOString(),
      last: last?.toISOString() ?? null,
      registered: Boolean(reg),
    });
  }
  return out;
}
