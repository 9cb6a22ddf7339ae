import { quarterFromIndex, quarterIndex } from '../domain/period.ts';

/**
 * The reference quarter a note covers, guessed from its cover date before it is opened:
 * the latest quarter that ended at least three months before the cover month (publisher
 * notes, "Timing": notes come 3–5 months after their quarter). A delayed note (the Q4 2022
 * note came in July 2023, the month of the Q1 2023 note) would collide with the next one, so
 * notes are walked newest first and each takes a quarter before its successor's.
 * `known` (from loaded releases) wins over the guess.
 */
export function inferRefQuarters<T extends { coverYear: number; coverMonth: number; known?: { year: number; quarter: number } }>(
  notes: readonly T[],
): Array<T & { refYear: number; refQuarter: number }> {
  const order = [...notes].sort((a, b) => b.coverYear - a.coverYear || b.coverMonth - a.coverMonth);
  const out = new Map<T, { refYear: number; refQuarter: number }>();
  let nextIdx = Number.POSITIVE_INFINITY;
  for (const n of order) {
    let idx: number;
    if (n.known) idx = quarterIndex(n.known.year, n.known.quarter);
    else {
      // Quarter k ends in month 3k + 2 (months counted from year 0); it must end by cover − 3.
      const coverMonthIdx = n.coverYear * 12 + (n.coverMonth - 1);
      idx = Math.min(Math.floor((coverMonthIdx - 5) / 3), nextIdx - 1);
    }
    nextIdx = idx;
    const q = quarterFromIndex(idx);
    out.set(n, { refYear: q.year, refQuarter: q.quarter });
  }
  return notes.map((n) => ({ ...n, ...out.get(n)! }));
}
