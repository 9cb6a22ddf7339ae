import { previousYear } from '../../../domain/period.ts';
import type { ExtractedFigure } from '../../../domain/release.ts';
import { FLOAT_EPS, HALF_UNIT, figureKey, indexFigures, round1, sampleOf } from '../figure-index.ts';
import type { Rule, Violation } from '../types.ts';

/**
 * The range of (cur/prev − 1)·100 when both levels are known only to ±0.05
 * (printed with one decimal). Null when the previous level may be zero or less.
 */
export function yoyBounds(cur: number, prev: number): { lo: number; hi: number } | null {
  const pLo = prev - HALF_UNIT;
  const pHi = prev + HALF_UNIT;
  if (pLo <= 0) return null;
  const cLo = Math.max(0, cur - HALF_UNIT);
  const cHi = cur + HALF_UNIT;
  // Monotone: increasing in cur, decreasing in prev.
  return { lo: (cLo / pHi - 1) * 100, hi: (cHi / pLo - 1) * 100 };
}

/** Both levels for `f`'s period and the same period a year earlier, printed in this release. */
function levelsFor(f: ExtractedFigure, index: Map<string, ExtractedFigure>): [ExtractedFigure, ExtractedFigure] | null {
  const cur = index.get(figureKey(f.entity, f.period, 'exports_meur'));
  const prev = index.get(figureKey(f.entity, previousYear(f.period), 'exports_meur'));
  return cur && prev ? [cur, prev] : null;
}

/**
 * `yoy-vs-levels`: a printed year-on-year % must be what its two printed levels give,
 * within the rounding of three one-decimal numbers (exact interval bound, no fudge).
 */
export const yoyVsLevels: Rule = {
  id: 'yoy-vs-levels',
  check(release) {
    const index = indexFigures(release.figures);
    const out: Violation[] = [];
    for (const f of index.values()) {
      if (f.metric !== 'yoy_pct') continue;
      const levels = levelsFor(f, index);
      if (!levels) continue;
      const [cur, prev] = levels;
      const b = yoyBounds(cur.value, prev.value);
      if (!b) continue;
      if (f.value < b.lo - HALF_UNIT - FLOAT_EPS || f.value > b.hi + HALF_UNIT + FLOAT_EPS) {
        out.push({
          rule: 'yoy-vs-levels',
          severity: 'error',
          sample: sampleOf(f, {
            expected: round1((cur.value / prev.value - 1) * 100),
            tolerance: round1(Math.max(b.hi - b.lo, 0) / 2 + HALF_UNIT),
            detail: `levels ${cur.value} vs ${prev.value}`,
          }),
        });
      }
    }
    return out;
  },
};

/** Rounding slack of a difference of two one-decimal levels, printed with one decimal. */
export const DELTA_TOLERANCE = 3 * HALF_UNIT;

/** `delta-vs-levels`: a printed change in €M must equal level − previous-year level within rounding. */
export const deltaVsLevels: Rule = {
  id: 'delta-vs-levels',
  check(release) {
    const index = indexFigures(release.figures);
    const out: Violation[] = [];
    for (const f of index.values()) {
      if (f.metric !== 'delta_meur') continue;
      const levels = levelsFor(f, index);
      if (!levels) continue;
      const expected = levels[0].value - levels[1].value;
      if (Math.abs(f.value - expected) > DELTA_TOLERANCE + FLOAT_EPS) {
        out.push({
          rule: 'delta-vs-levels',
          severity: 'error',
          sample: sampleOf(f, {
            expected: round1(expected),
            tolerance: DELTA_TOLERANCE,
            detail: `levels ${levels[0].value} − ${levels[1].value}`,
          }),
        });
      }
    }
    return out;
  },
};
