import type { Metric } from '../../domain/metric.ts';
import { periodCode, type Period } from '../../domain/period.ts';
import type { ExtractedFigure } from '../../domain/release.ts';
import type { FindingSample } from './types.ts';

/** `entity|period code|metric`: the identity of a figure within one release. */
export function figureKey(entity: string, period: Period | string, metric: Metric | string): string {
  return `${entity}|${typeof period === 'string' ? period : periodCode(period)}|${metric}`;
}

/**
 * First value printed for each figure key. Conflicting duplicates are the
 * `duplicate-conflict` rule's business; the other rules judge the first value.
 */
export function indexFigures(figures: readonly ExtractedFigure[]): Map<string, ExtractedFigure> {
  const m = new Map<string, ExtractedFigure>();
  for (const f of figures) {
    const k = figureKey(f.entity, f.period, f.metric);
    if (!m.has(k)) m.set(k, f);
  }
  return m;
}

/** A sample describing one printed figure (where it is, what it says). */
export function sampleOf(f: ExtractedFigure, extra: Partial<FindingSample> = {}): FindingSample {
  return {
    entity: f.entity,
    period: periodCode(f.period),
    metric: f.metric,
    value: f.value,
    page: f.provenance.page,
    tableId: f.provenance.tableId,
    rawText: f.provenance.rawText,
    ...extra,
  };
}

/** Values are printed with one decimal: each carries up to ±0.05 of rounding. */
export const HALF_UNIT = 0.05;
/** Slack for binary floating point on top of rounding bounds. */
export const FLOAT_EPS = 1e-9;

export const round1 = (x: number): number => Math.round(x * 10) / 10;
