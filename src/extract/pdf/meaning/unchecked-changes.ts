import { periodCode, previousYear } from '../../../domain/period.ts';
import type { DriftFinding } from '../errors/layout-drift-error.ts';
import type { ColumnMeaning } from './types.ts';

/**
 * A change column whose later level the table prints, whose earlier level it does not, while it
 * prints a level of that earlier year over another span: the two levels a change compares are
 * always printed together, so that other level is the earlier one with its span misread (a
 * left-aligned "Secondo trimestre 2025" group heading not reaching the "Milioni di euro 2024"
 * column: Q2 2024 levels read as the whole year 2024; layout property test, seed 11, #349). Under
 * such a reading no row can check the change, and nothing was inferred that would ask for a check,
 * so it is refused here, naming both columns.
 */
export function uncheckedChanges(meanings: readonly ColumnMeaning[], at: { page: number; table: string }): DriftFinding[] {
  const levels = meanings.flatMap((m) => (m.status === 'read' && m.metric === 'exports_meur' ? [m] : []));
  const has = new Set(levels.map((m) => periodCode(m.period)));
  const out: DriftFinding[] = [];
  for (const m of meanings) {
    if (m.status !== 'read' || (m.metric !== 'yoy_pct' && m.metric !== 'delta_meur')) continue;
    const prev = previousYear(m.period);
    if (!has.has(periodCode(m.period)) || has.has(periodCode(prev))) continue;
    const other = levels.find((l) => l.period.year === prev.year);
    if (!other) continue;
    out.push({
      kind: 'change-unchecked',
      expected: `the level ${periodCode(prev)} that "${m.label}" (${m.metric} ${periodCode(m.period)}) compares with`,
      found: `none, but "${other.label}" is read as ${periodCode(other.period)}: a period heading not reaching that column?`,
      ...at,
      column: other.label,
    });
  }
  return out;
}
