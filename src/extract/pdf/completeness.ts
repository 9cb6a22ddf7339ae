import { periodCode, previousYear } from '../../domain/period.ts';
import type { ExtractedFigure } from '../../domain/release.ts';
import type { DriftFinding } from './errors/layout-drift-error.ts';

/**
 * Figures the release prints for some entities but were lost for others. When the tables give a
 * level for a period, every entity with a change for that period (or the period a year before, which
 * the change compares with) has that level printed too (a district new to the series prints "n.d."
 * for the change as well). A change without its level
 * means a column was not found on some page (e.g. numbers without a thousands dot in a wide column
 * on a continuation page: layout property test, seed 7, #1668): the release would load with holes
 * no finding names. Refused instead, naming the first entities.
 */
export function checkCompleteness(figures: readonly ExtractedFigure[]): DriftFinding[] {
  const levels = new Set<string>();
  const levelPeriods = new Set<string>();
  for (const f of figures) {
    if (f.metric !== 'exports_meur') continue;
    levels.add(`${f.entity}|${periodCode(f.period)}`);
    levelPeriods.add(periodCode(f.period));
  }
  const lacking = new Map<string, ExtractedFigure>();
  for (const f of figures) {
    if (f.metric !== 'yoy_pct' && f.metric !== 'delta_meur') continue;
    for (const code of [periodCode(f.period), periodCode(previousYear(f.period))]) {
      if (!levelPeriods.has(code) || levels.has(`${f.entity}|${code}`) || lacking.has(`${f.entity}|${code}`)) continue;
      lacking.set(`${f.entity}|${code}`, { ...f, period: code === periodCode(f.period) ? f.period : previousYear(f.period) });
    }
  }
  if (lacking.size === 0) return [];
  const first = [...lacking.values()];
  const f0 = first[0]!;
  return [
    {
      kind: 'figures-missing',
      expected: 'a level for every entity whose change the tables print, as other entities have',
      found: `${lacking.size} change(s) without their level, e.g. ${first
        .slice(0, 3)
        .map((f) => `${f.entity} ${periodCode(f.period)} (table ${f.provenance.tableId})`)
        .join(', ')}: a column not found on some page?`,
      page: f0.provenance.page,
      table: f0.provenance.tableId,
    },
  ];
}
