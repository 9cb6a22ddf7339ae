import { quarterFromIndex, quarterIndex } from './period.ts';

/**
 * When a regional note for each reference quarter usually appears, as months after the
 * quarter's year (publisher notes, "Timing" [V/I]: Q1 → June–August, Q2 → October–November,
 * Q3 → January–February of the next year, Q4/full year → April–July of the next year;
 * dates slip, e.g. the Q4 2022 note came in July 2023). An inference: kept as data so a
 * caller can pass another calendar.
 */
export interface ReleaseWindow {
  /** Inclusive, months counted from January of the reference year (13 = January next year). */
  readonly fromMonth: number;
  readonly toMonth: number;
}

export type ReleaseCalendar = Readonly<Record<1 | 2 | 3 | 4, ReleaseWindow>>;

export const DEFAULT_CALENDAR: ReleaseCalendar = {
  1: { fromMonth: 6, toMonth: 8 },
  2: { fromMonth: 10, toMonth: 11 },
  3: { fromMonth: 13, toMonth: 14 },
  4: { fromMonth: 16, toMonth: 19 },
};

/** The next note after one whose reference quarter is (year, quarter): its quarter and window. */
export interface ExpectedRelease {
  readonly refYear: number;
  readonly refQuarter: number;
  readonly from: { readonly year: number; readonly month: number };
  readonly to: { readonly year: number; readonly month: number };
}

export function nextExpectedRelease(year: number, quarter: number, calendar: ReleaseCalendar = DEFAULT_CALENDAR): ExpectedRelease {
  const next = quarterFromIndex(quarterIndex(year, quarter) + 1);
  const w = calendar[next.quarter];
  const at = (m: number) => ({ year: next.year + Math.floor((m - 1) / 12), month: ((m - 1) % 12) + 1 });
  return { refYear: next.year, refQuarter: next.quarter, from: at(w.fromMonth), to: at(w.toMonth) };
}

/** First day after the window's last month, as an ISO date: from then on the note is late. */
export function lateAfter(e: ExpectedRelease): string {
  const y = e.to.month === 12 ? e.to.year + 1 : e.to.year;
  const m = e.to.month === 12 ? 1 : e.to.month + 1;
  return `${y}-${String(m).padStart(2, '0')}-01`;
}
