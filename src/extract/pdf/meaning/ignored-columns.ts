import { periodCode, previousYear } from '../../../domain/period.ts';
import type { DriftFinding } from '../errors/layout-drift-error.ts';
import type { Chunk } from '../types.ts';
import { cellOf, deltaFits, yoyFits } from './arithmetic.ts';
import type { ColumnMeaning } from './types.ts';

/**
 * A column set aside because its heading names something other than exports (imports, a balance, a
 * share) whose numbers are nevertheless, in every row, the year-on-year % change or the difference
 * of two level columns of the same table. Its heading was most likely merged with a neighbour's (a
 * wrapped "Importazioni (milioni di euro)" group heading read over the "Var. %" column beside it).
 * Setting it aside would drop those figures without a word; reading it as a change would trust the
 * numbers over what is printed over it. So the release is refused, naming the column (issue 9:
 * never a wrong or silently missing figure). Seen with the layout property test, seed 7, #540.
 */

/** Rows that must fit before numbers are taken to contradict a heading (a few rows fit by chance). */
const MIN_ROWS = 3;

export function ignoredColumnsThatAreChanges(
  meanings: readonly ColumnMeaning[],
  rows: readonly { label: string; cells: readonly (Chunk | undefined)[] }[],
  at: { page: number; table: string },
): DriftFinding[] {
  const levels = new Map<string, number>();
  meanings.forEach((m, i) => {
    if (m.status === 'read' && m.metric === 'exports_meur') levels.set(periodCode(m.period), i);
  });
  const out: DriftFinding[] = [];
  meanings.forEach((m, i) => {
    if (m.status !== 'ignored') return;
    for (const [code, curCol] of levels) {
      const read = meanings[curCol];
      if (read?.status !== 'read') continue;
      const prevCol = levels.get(periodCode(previousYear(read.period)));
      if (prevCol === undefined) continue;
      for (const kind of ['yoy_pct', 'delta_meur'] as const) {
        let fit = 0;
        let miss = 0;
        for (const r of rows) {
          const c = cellOf(r.cells[i], i);
          const cur = cellOf(r.cells[curCol], curCol);
          const prev = cellOf(r.cells[prevCol], prevCol);
          if (!c || !cur || !prev) continue;
          const ok = kind === 'yoy_pct' ? yoyFits(c, cur, prev) : deltaFits(c, cur, prev);
          if (ok === true) fit++;
          else if (ok === false) miss++;
        }
        if (fit >= MIN_ROWS && miss === 0) {
          out.push({
            kind: 'ignored-column-is-a-change',
            expected: `a column whose heading names ${m.why.replace(/^"[^"]*" names /, '')} to hold other numbers than a change of the exports`,
            found: `"${m.label}" holds, in all ${fit} rows, the ${kind === 'yoy_pct' ? 'year-on-year %' : 'difference'} of ${code} against a year before: a heading merged from a neighbouring column?`,
            ...at,
            column: m.label,
          });
          return;
        }
      }
    }
  });
  return out;
}
