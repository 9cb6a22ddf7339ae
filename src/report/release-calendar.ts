import { quarterFromIndex, quarterIndex } from '../domain/period.ts';

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
