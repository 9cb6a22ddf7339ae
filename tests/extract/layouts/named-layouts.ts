import { BASE_CHOICE, buildLayout, type LayoutChoice } from './build-layout.ts';
import { shiftHeadingYears, type DocumentLayout, type ForeignColumn, type TableLayout } from './table-layout.ts';

/**
 * Named layouts for the corpus: four plausible new pdfkit layouts with wordings the sample never
 * prints, and the silent-misread cases of issue 9. Each is read exactly, or (only where said)
 * must be refused.
 */

const choice = (over: Partial<LayoutChoice>): DocumentLayout => buildLayout({ ...BASE_CHOICE, ...over });

/** Four layouts a person reads at first sight; the extractor must read each exactly. */
export const NEW_LAYOUTS: Readonly<Record<string, DocumentLayout>> = {
  // "Esportazioni (milioni di euro)" over "I trim. 2025", newer year first, "Var. % tendenziale", "Differenza (mln €)"
  'metric-groups-roman': choice({
    structure: 'metric-groups',
    newerFirst: true,
    words: { level: 1, short: 0, yoy: 1, delta: 0, period: 2 },
    minus: '\u2212',
  }),
  // bare period groups "3° trimestre" and "Primi nove mesi" over bare years, newer first, a labelled chart just above
  'period-groups-nine-months': choice({
    release: 'er-2024Q3',
    structure: 'period-groups',
    newerFirst: true,
    words: { level: 0, short: 0, yoy: 0, delta: 2, period: 2 },
    chart: 'hbars',
    splitAfter: 14,
    footnotes: true,
  }),
  // the caption names the quarter and the unit; columns print only "2025", "2024", "Var. %", "Diff. mln €"
  'caption-period': choice({
    structure: 'caption-period',
    newerFirst: true,
    words: { level: 0, short: 0, yoy: 0, delta: 4, period: 1 },
    pctSuffix: true,
    chart: 'vbars',
  }),
  // one heading cell per column, changes first, "gen.-giu. 2025", a sidebar, split without a repeated heading
  'stacked-half-year': choice({
    release: 'er-2025Q2',
    structure: 'stacked',
    changesFirst: true,
    cumulativeFirst: true,
    words: { level: 2, short: 0, yoy: 3, delta: 1, period: 1 },
    labelWidth: 95,
    colWidth: 46,
    fontSize: 7,
    sidebar: true,
    splitAfter: 18,
    repeatHeader: false,
  }),
};

/** Spanning period headings set off-centre or left-aligned: read exactly, or refused — never misread. */
export const SPANNING_HEADINGS: Readonly<Record<string, DocumentLayout>> = {
  'period-groups-off-centre': choice({ release: 'er-2024Q3', structure: 'period-groups', align: 'center', dx: 14, rules: false }),
  'period-groups-left': choice({ release: 'er-2024Q3', structure: 'period-groups', align: 'left', rules: false }),
  'year-groups-off-centre': choice({ release: 'er-2025Q2', structure: 'year-groups', align: 'center', dx: -10, rules: false }),
  'year-groups-left': choice({ release: 'er-2025Q2', structure: 'year-groups', align: 'left', rules: false }),
  // the sample's own "modern" shape: "1° trimestre 2025" over "Milioni di euro 2024 | 2025 | Var. % | Differenza"
  'block-groups-off-centre': choice({ structure: 'block-groups', align: 'center', dx: 20, rules: false, words: { level: 0, short: 2, yoy: 1, delta: 3, period: 1 } }),
  'block-groups-left': choice({ structure: 'block-groups', align: 'left', rules: false, words: { level: 0, short: 2, yoy: 1, delta: 3, period: 1 } }),
};

/** Adds one column that is not exports after the others, with its own stacked heading. */
function withForeign(base: DocumentLayout, what: ForeignColumn['what'], heading: string): DocumentLayout {
  const t = base.table;
  const i = t.columns.length;
  const table: TableLayout = {
    ...t,
    columns: [...t.columns, { kind: 'foreign', what, role: 'q' }],
    header: t.header.map((row, ri) => (ri === t.header.length - 1 ? [...row, { text: heading, from: i, to: i, align: 'right' as const }] : row)),
  };
  return { ...base, table, geometry: { ...base.geometry, colWidth: 52 } };
}

const stacked = choice({ structure: 'stacked', words: { level: 3, short: 0, yoy: 0, delta: 0, period: 0 } });

/** Columns naming something other than exports: never loaded as exports (ignored, or the release refused). */
export const FOREIGN_COLUMNS: Readonly<Record<string, DocumentLayout>> = {
  saldo: withForeign(stacked, 'saldo', 'Saldo (mln €)\n1° trim. 2025'),
  // a share for the whole previous year: a period no other column prints, so a misread is silent
  quota: withForeign(stacked, 'quota', 'Quota % export\nanno 2024'),
  importazioni: withForeign(stacked, 'import', 'Importazioni (milioni di euro)\n1° trim. 2025'),
  'importazioni-semestre': withForeign(
    choice({ release: 'er-2025Q2', structure: 'stacked', cumulative: false, words: { level: 3, short: 0, yoy: 0, delta: 0, period: 0 } }),
    'import',
    'Importazioni (milioni di euro)\n1° sem. 2025',
  ),
};

/** Prose quoting a figure no cell holds: read exactly, with a warning. */
export const PROSE_MISMATCH: Readonly<Record<string, DocumentLayout>> = {
  'prose-misquotes-the-total': { ...stacked, proseMismatch: true },
};

/** Tables whose periods contradict the cover: must be refused. */
export const CONTRADICTING_COVER: Readonly<Record<string, DocumentLayout>> = {
  // a 2025Q1 note cannot be dated a year before its quarter ended
  'cover-a-year-early': { ...stacked, coverOverride: { month: 7, year: 2024 } },
  // nor published almost two years after it
  'cover-two-years-late': { ...stacked, coverOverride: { month: 1, year: 2027 } },
  // cover, cutoff date and prose say 2025; the spanning headings say 2024 (the "year too early" misread, printed)
  'headings-a-year-early': shiftHeadingYears(choice({ structure: 'year-groups', words: { level: 0, short: 0, yoy: 0, delta: 0, period: 0 } }), -1),
};
