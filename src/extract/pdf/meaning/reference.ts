import type { Period } from '../../../domain/period.ts';

/**
 * The release's reference quarter as its own cover and cutoff date allow it (shared publisher
 * notes, "Timing"): ISTAT publishes a quarter about 70 days after it ends, and a note appears 3–7
 * months after its quarter (Q4 2022 came in July 2023, with data "aggiornati al 09.06.2023"). So each
 * printed date bounds the quarter's end month; the periods read from the tables must end inside
 * those bounds. A table read a year early, or quarterly levels read as annual, ends outside.
 */
export interface ReferenceWindow {
  /** Month index (year·12 + month − 1) bounds for the end month of the newest period in a table. */
  readonly minEnd: number;
  readonly maxEnd: number;
  /** What the bounds come from, for the drift report. */
  readonly from: string;
}

const monthIndex = (year: number, month: number): number => year * 12 + month - 1;
const label = (i: number): string => `${String((i % 12) + 1).padStart(2, '0')}/${Math.floor(i / 12)}`;

export function referenceWindow(meta: { coverMonth: number | null; coverYear: number | null; dataCutoff: string | null }): ReferenceWindow | null {
  const bounds: { min: number; max: number; from: string }[] = [];
  if (meta.coverMonth && meta.coverYear) {
    const v = monthIndex(meta.coverYear, meta.coverMonth);
    bounds.push({ min: v - 8, max: v - 2, from: `cover ${meta.coverMonth}/${meta.coverYear}` });
  }
  const c = meta.dataCutoff ? /^(\d{4})-(\d{2})-\d{2}$/.exec(meta.dataCutoff) : null;
  if (c) {
    const v = monthIndex(Number(c[1]), Number(c[2]));
    bounds.push({ min: v - 7, max: v - 2, from: `data cutoff ${meta.dataCutoff}` });
  }
  if (bounds.length === 0) return null;
  const minEnd = Math.max(...bounds.map((b) => b.min));
  const maxEnd = Math.min(...bounds.map((b) => b.max));
  return { minEnd, maxEnd, from: `${bounds.map((b) => b.from).join(' and ')}: newest period ending ${label(minEnd)}–${label(maxEnd)}` };
}

/** Whether the newest of these periods ends inside the window (null: no window or no period). */
export function fitsWindow(periods: readonly Period[], w: ReferenceWindow | null): boolean | null {
  if (!w || periods.length === 0) return null;
  const end = Math.max(...periods.map((p) => monthIndex(p.year, p.lastMonth)));
  return end >= w.minEnd && end <= w.maxEnd;
}
