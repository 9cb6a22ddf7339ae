import { sampleOf } from '../figure-index.ts';
import type { Rule, Violation } from '../types.ts';

/**
 * `value-out-of-range` (error): values no release can print — a non-finite number,
 * a negative export level, a % change beyond ±maxAbsPct (a misread digit or
 * column), or a period that is not a month span of one year.
 */
export const range: Rule = {
  id: 'value-out-of-range',
  check(release, ctx) {
    const max = ctx.thresholds.maxAbsPct;
    const out: Violation[] = [];
    for (const f of release.figures) {
      const p = f.period;
      let why: string | null = null;
      if (!Number.isFinite(f.value)) why = 'not a finite number';
      else if (f.metric === 'exports_meur' && f.value < 0) why = 'negative export level';
      else if ((f.metric === 'yoy_pct' || f.metric === 'vs2019_pct') && Math.abs(f.value) > max) why = `|%| above ${max}`;
      else if (!(p.firstMonth >= 1 && p.lastMonth <= 12 && p.firstMonth <= p.lastMonth && Number.isInteger(p.year))) {
        why = `bad period ${p.year} months ${p.firstMonth}–${p.lastMonth}`;
      }
      if (why) out.push({ rule: 'value-out-of-range', severity: 'error', sample: sampleOf(f, { detail: why }) });
    }
    return out;
  },
};
