import type { PipelineDeps } from './deps.ts';
import { lateAfter, nextExpectedRelease, type ReleaseCalendar } from '../domain/release-calendar.ts';
import { periodCode, quarterPeriod } from '../domain/period.ts';
import { latestLoadedQuarters } from '../../db/queries/pipeline.ts';

/** A note that should have appeared by now and has not been loaded. */
export interface LateRelease {
  readonly series: string;
  readonly region: string;
  /** Reference quarter of the missing note, `YYYYQn`. */
  readonly refQuarter: string;
  /** ISO date from which it counts as late (the day after its usual window). */
  readonly lateSince: string;
}

/**
 * The notes that are late: for each series, the note after the newest loaded one,
 * once today is past its usual publication window (publisher notes, "Timing": poll
 * weekly, call a release late when its window passes). Dates slip, so this warns —
 * it never fails a run.
 */
export async function findLateReleases(
  deps: Pick<PipelineDeps, 'db' | 'now'>,
  opts: {
    /** Releases listed but not loaded (being ingested, or failed — reported elsewhere): their series are not late. */
    pending?: ReadonlyArray<{ series: string; region: string }>;
    calendar?: ReleaseCalendar;
  } = {},
): Promise<LateRelease[]> {
  const today = deps.now().toISOString().slice(0, 10);
  const busy = new Set((opts.pending ?? []).map((p) => `${p.series}|${p.region}`));
  const late: LateRelease[] = [];
  for (const s of await latestLoadedQuarters(deps.db)) {
    if (busy.has(`${s.series}|${s.region}`)) continue;
    const next = nextExpectedRelease(s.refYear, s.refQuarter, opts.calendar);
    const since = lateAfter(next);
    if (today >= since) {
      late.push({ series: s.series, region: s.region, refQuarter: periodCode(quarterPeriod(next.refYear, next.refQuarter)), lateSince: since });
    }
  }
  return late;
}
