import { figureKey, sampleOf } from '../figure-index.ts';
import type { ExtractedFigure } from '../../../domain/release.ts';
import type { Rule, Violation } from '../types.ts';

/**
 * `duplicate-conflict` (error): the same figure (entity, period, metric) printed twice
 * with different values — e.g. a table and a chart label disagreeing, or a row
 * matched to the wrong entity. Equal repeats are harmless and loaded once.
 */
export const duplicates: Rule = {
  id: 'duplicate-conflict',
  check(release) {
    const groups = new Map<string, ExtractedFigure[]>();
    for (const f of release.figures) {
      const k = figureKey(f.entity, f.period, f.metric);
      const g = groups.get(k);
      if (g) g.push(f);
      else groups.set(k, [f]);
    }
    const out: Violation[] = [];
    for (const g of groups.values()) {
      const values = [...new Set(g.map((f) => f.value))];
      if (values.length < 2) continue;
      const first = g[0] as ExtractedFigure;
      const where = g.map((f) => `${f.value} (p. ${f.provenance.page}, ${f.provenance.tableId})`).join(' vs ');
      out.push({ rule: 'duplicate-conflict', severity: 'error', sample: sampleOf(first, { detail: where }) });
    }
    return out;
  },
};
