import { BASE_CHOICE, buildLayout } from './build-layout.ts';
import type { DocumentLayout, TableLayout } from './table-layout.ts';

/**
 * Tables whose only proof is their subtotals: two period-only level columns, no change column, so
 * no year-on-year % or difference can check them. A person reads them at once (the caption states
 * the unit); the numbers confirm it because each sector's districts add up to its subtotal.
 */

const base = buildLayout({ ...BASE_CHOICE, structure: 'stacked', words: { level: 3, short: 0, yoy: 0, delta: 0, period: 0 } });

function levelsOnly(unit: string): DocumentLayout {
  const table: TableLayout = {
    ...base.table,
    captions: {
      distretti: `Tab. 1 – Esportazioni dei distretti tradizionali dell'Emilia-Romagna (${unit})`,
      poli: `Tab. 2 – Esportazioni dei poli tecnologici dell'Emilia-Romagna (${unit})`,
    },
    columns: [
      { kind: 'figure', metric: 'exports_meur', role: 'qPrev' },
      { kind: 'figure', metric: 'exports_meur', role: 'q' },
    ],
    header: [
      [
        { text: '1° trim. 2024', from: 0, to: 0, align: 'right' },
        { text: '1° trim. 2025', from: 1, to: 1, align: 'right' },
      ],
    ],
  };
  return { ...base, table };
}

export const SUBTOTALS_ONLY: Readonly<Record<string, DocumentLayout>> = {
  // the caption states the unit: only the subtotals can confirm that the columns are levels
  'levels-only': levelsOnly('milioni di euro'),
  // the caption states both units: only the subtotals tell levels (they add up) from % changes (they do not)
  'levels-or-changes': levelsOnly('milioni di euro e var. %'),
};
