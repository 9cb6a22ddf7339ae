import type { EntityKind, Metric } from '../domain/metric.ts';
import { periodCode, quarterPeriod, type Period } from '../domain/period.ts';
import type { ExtractedFigure } from '../domain/release.ts';

/** A single-quarter figure computed from two cumulative figures of the same release. */
export interface DerivedFigure {
  readonly entity: string;
  readonly kind: EntityKind;
  readonly period: Period;
  readonly metric: Metric;
  readonly value: number;
  readonly derived: true;
  /** The two printed periods it came from: value = minuend − subtrahend. */
  readonly from: readonly [minuend: string, subtrahend: string];
}

/** Only sums split into differences: levels and €M changes. A % change is not additive. */
const ADDITIVE_METRICS: readonly Metric[] = ['exports_meur', 'delta_meur'];

/** Q2 = H1 − Q1, Q3 = Jan–Sep − H1, Q4 = year − Jan–Sep (last months of the two cumulative spans). */
const SPLITS: ReadonlyArray<{ quarter: 2 | 3 | 4; minuendLast: number; subtrahendLast: number }> = [
  { quarter: 2, minuendLast: 6, subtrahendLast: 3 },
  { quarter: 3, minuendLast: 9, subtrahendLast: 6 },
  { quarter: 4, minuendLast: 12, subtrahendLast: 9 },
];

const key = (entity: string, p: Period, metric: string): string => `${entity}|${periodCode(p)}|${metric}`;

/**
 * Derives single quarters from cumulative periods printed in ONE release (one
 * vintage): Q2 = H1 − Q1, Q3 = Jan–Sep − H1, Q4 = year − Jan–Sep. A quarter is
 * derived only when both parts are printed in `figures` and the quarter itself is
 * not; mixing vintages would produce a number no release ever implied (issue 5,
 * "Vintages"). Values are rounded to one decimal like their inputs. Pure.
 *
 * @example
 * deriveQuarters([{ …H1 2025 = 300.4 }, { …Q1 2025 = 140.1 }]) // → [{ …Q2 2025 = 160.3, derived: true }]
 */
export function deriveQuarters(figures: readonly ExtractedFigure[]): DerivedFigure[] {
  const index = new Map<string, ExtractedFigure>();
  for (const f of figures) {
    const k = key(f.entity, f.period, f.metric);
    if (!index.has(k)) index.set(k, f);
  }
  const out: DerivedFigure[] = [];
  const emitted = new Set<string>();
  for (const f of index.values()) {
    if (!ADDITIVE_METRICS.includes(f.metric) || f.period.firstMonth !== 1) continue;
    const split = SPLITS.find((s) => s.minuendLast === f.period.lastMonth);
    if (!split) continue;
    const target = quarterPeriod(f.period.year, split.quarter);
    const sub: Period = { year: f.period.year, firstMonth: 1, lastMonth: split.subtrahendLast };
    const part = index.get(key(f.entity, sub, f.metric));
    const tk = key(f.entity, target, f.metric);
    if (!part || index.has(tk) || emitted.has(tk)) continue;
    emitted.add(tk);
    out.push({
      entity: f.entity,
      kind: f.kind,
      period: target,
      metric: f.metric,
      value: Math.round((f.value - part.value) * 10) / 10,
      derived: true,
      from: [periodCode(f.period), periodCode(sub)],
    });
  }
  return out;
}
