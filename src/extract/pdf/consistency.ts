import { periodCode, previousYear } from '../../domain/period.ts';
import type { ExtractedFigure } from '../../domain/release.ts';
import type { DriftFinding } from './errors/layout-drift-error.ts';

/**
 * Cross-checks that catch a mis-read column: a year-on-year change and a difference must agree
 * with the two printed levels within rounding (levels are printed to 0.1). A heading attached to
 * the wrong column shows up here instead of being loaded silently.
 */
export function checkConsistency(figures: readonly ExtractedFigure[], maxFindings = 5): DriftFinding[] {
  const byKey = new Map<string, ExtractedFigure>();
  for (const f of figures) byKey.set(`${f.entity}|${f.metric}|${periodCode(f.period)}`, f);
  const level = (entity: string, code: string): number | undefined => byKey.get(`${entity}|exports_meur|${code}`)?.value;
  const out: DriftFinding[] = [];
  for (const f of figures) {
    if (f.metric !== 'yoy_pct' && f.metric !== 'delta_meur') continue;
    const cur = level(f.entity, periodCode(f.period));
    const prev = level(f.entity, periodCode(previousYear(f.period)));
    if (cur === undefined || prev === undefined) continue;
    let ok: boolean;
    if (f.metric === 'delta_meur') {
      ok = Math.abs(cur - prev - f.value) <= 0.1 + 0.05 + 1e-9;
    } else {
      if (prev - 0.05 <= 0) continue;
      const lo = ((cur - 0.05) / (prev + 0.05) - 1) * 100;
      const hi = ((cur + 0.05) / (prev - 0.05) - 1) * 100;
      ok = f.value >= lo - 0.05 - 1e-9 && f.value <= hi + 0.05 + 1e-9;
    }
    if (!ok) {
      out.push({
        kind: 'inconsistent-values',
        expected: `${f.metric} ${periodCode(f.period)} of ${f.entity} to agree with levels ${prev} → ${cur}`,
        found: `${f.provenance.rawText} in column "${f.provenance.columnLabel}"`,
        page: f.provenance.page,
        table: f.provenance.tableId,
        column: f.provenance.columnLabel,
      });
      if (out.length >= maxFindings) break;
    }
  }
  return out;
}
