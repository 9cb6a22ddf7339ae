import type { Metric } from '../../domain/metric.ts';
import type { SampleFigure } from '../types.ts';

/** Figures of one release keyed by (entity, period code, metric), for cell look-ups. */
export type FigureIndex = ReadonlyMap<string, SampleFigure>;

export function figureKey(entity: string, period: string, metric: Metric): string {
  return `${entity}\u0000${period}\u0000${metric}`;
}

/** Indexes a release's figures; a later duplicate of the same key wins (there should be none). */
export function indexFigures(figures: readonly SampleFigure[]): FigureIndex {
  const map = new Map<string, SampleFigure>();
  for (const f of figures) map.set(figureKey(f.entity, f.period, f.metric), f);
  return map;
}

/** The printed value of a figure, or undefined when the release has none (printed "n.d."). */
export function lookup(index: FigureIndex, entity: string, period: string, metric: Metric): number | undefined {
  return index.get(figureKey(entity, period, metric))?.value;
}
