import type { PipelineDeps } from './deps.ts';
import { lateAfter, nextExpectedRelease, DEFAULT_CALENDAR, type ReleaseCalendar } from '../domain/release-calendar.ts';
import { periodCode, quarterPeriod } from '../domain/period.ts';
import { latestLoadedQuarters } from '../../db/queries/pipeline.ts';

/**
 * Where a series stands on its publication calendar today:
 * - `published`: its newest loaded note is the one whose window is open now;
 * - `not-due`: the next note's window has not opened yet;
 * - `due`: the next note's window is open (the scheduler polls daily then);
 * - `late`: the window has passed and the note is not loaded (an alert is raised).
 */
export type CalendarState = 'published' | 'not-due' | 'due' | 'late';

export interface SeriesCalendarEntry {
  readonly series: string;
  readonly region: string;
  /** Newest loaded note's reference quarter. */
  readonly latest: string;
  /** The next note's reference quarter and its window (ISO dates, inclusive start, late from `lateSince`). */
  readonly next: string;
  readonly windowFrom: string;
  readonly lateSince: string;
  readonly state: CalendarState;
}

const iso = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-01`;

/** Pure: the calendar state of one series, given its newest loaded quarter and today's date. */
export function calendarState(
  latest: { refYear: number; refQuarter: number },
  today: string,
  calendar: ReleaseCalendar = DEFAULT_CALENDAR,
): Omit<SeriesCalendarEntry, 'series' | 'region'> {
  const next = nextExpectedRelease(latest.refYear, latest.refQuarter, calendar);
  const windowFrom = iso(next.from.year, next.from.month);
  const lateSince = lateAfter(next);
  // The window of the newest loaded note itself: still open means it was just published.
  const prevQuarterIdx = latest.refYear * 4 + latest.refQuarter - 2;
  const own = nextExpectedRelease(Math.floor(prevQuarterIdx / 4), (prevQuarterIdx % 4) + 1, calendar);
  let state: CalendarState;
  if (today >= lateSince) state = 'late';
  else if (today >= windowFrom) state = 'due';
  else if (today < lateAfter(own)) state = 'published';
  else state = 'not-due';
  return { latest: periodCode(quarterPeriod(latest.refYear, latest.refQuarter)), next: periodCode(quarterPeriod(next.refYear, next.refQuarter)), windowFrom, lateSince, state };
}

/** Every series with a loaded note, with its calendar state today (`deps.now()`). */
export async function seriesCalendar(deps: PipelineDeps, calendar?: ReleaseCalendar): Promise<SeriesCalendarEntry[]> {
  const today = deps.now().toISOString().slice(0, 10);
  return (await latestLoadedQuarters(deps.db)).map((s) => ({ series: s.series, region: s.region, ...calendarState(s, today, calendar) }));
}
