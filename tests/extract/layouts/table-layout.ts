import { periodCode } from '../../../src/domain/period.ts';
import { formatChange, formatLevel } from '../../../src/sample-publisher/pdf/format.ts';
import { round1, valueOf, type CorpusRelease, type CorpusRow, type PeriodRole } from './corpus-data.ts';

/**
 * A release layout as data, drawn by both the pdfkit renderer (in-process) and the HTML renderer
 * (LibreOffice, Chromium): what each column holds, the heading rows over them (a cell may span
 * several columns: a group heading), and the page furniture around the tables. The expected
 * figures follow from the layout and the data alone, never from how it is drawn.
 */

export type FigureMetric = 'exports_meur' | 'yoy_pct' | 'delta_meur';

/** A column the extractor must load. */
export interface FigureColumn {
  readonly kind: 'figure';
  readonly metric: FigureMetric;
  /** For a change, the later period of the two it compares. */
  readonly role: PeriodRole;
}

/**
 * A column that is not exports and must never be loaded as exports: the trade balance, the share
 * of the region's exports, imports. Values are plausible magnitudes derived from the levels.
 */
export interface ForeignColumn {
  readonly kind: 'foreign';
  readonly what: 'saldo' | 'quota' | 'import';
  readonly role: PeriodRole;
}

export type Column = FigureColumn | ForeignColumn;

export type Align = 'center' | 'left' | 'right';

/** One heading text over columns `from..to` (inclusive), `\n` for a forced line break. */
export interface HeaderCell {
  readonly text: string;
  readonly from: number;
  readonly to: number;
  readonly align: Align;
  /** Points to shift the text right (negative: left) from its aligned place: off-centre headings. */
  readonly dx?: number;
  /** Draw a rule under a spanning heading (as tables with group headings usually do). */
  readonly rule?: boolean;
}

export interface TableLayout {
  readonly captions: { readonly distretti: string; readonly poli: string };
  /** Appended to the caption of a table continued on the next page, e.g. " (segue)". */
  readonly continued: string;
  readonly labelHeadings: { readonly distretti: string; readonly poli: string };
  readonly columns: readonly Column[];
  /** Heading rows, top to bottom. */
  readonly header: readonly (readonly HeaderCell[])[];
  readonly minus: '-' | '\u2212';
  /** Print changes in % with a "%" after the number. */
  readonly pctSuffix: boolean;
  /** Print levels without the thousands dot ("1234,5"). */
  readonly noThousands?: boolean;
}

export interface DocumentLayout {
  /** Sample release whose numbers are printed, e.g. 'er-2025Q1'. */
  readonly release: string;
  readonly table: TableLayout;
  /** Cover month/year to print instead of the release's own (a cover that contradicts the tables). */
  readonly coverOverride?: { readonly month: number; readonly year: number };
  /** The prose quotes the districts' year-on-year change wrongly (a value no table cell holds). */
  readonly proseMismatch?: boolean;
  /** Districts rows on the first table page; the rest continue on the next page. */
  readonly splitAfter?: number;
  /** Repeat the caption and heading rows on the continuation page. */
  readonly repeatHeader: boolean;
  /** A labelled bar chart just above the districts table. */
  readonly chart: 'none' | 'hbars' | 'vbars';
  /** Footnote markers on a row and footnote text under the table. */
  readonly footnotes: boolean;
  /** A sidebar beside the tables on table pages. */
  readonly sidebar: boolean;
  /** Geometry, points. */
  readonly geometry: {
    readonly labelX: number;
    /** Row labels wider than this wrap. */
    readonly labelWidth: number;
    readonly colWidth: number;
    readonly fontSize: number;
    /** Numbers on the first or the last line of a wrapped row label. */
    readonly numbersOn: 'first' | 'last';
    /** Numbers right-aligned (the norm) or centred in their columns (word-processor tables). */
    readonly cellAlign?: 'right' | 'center';
    /** Row pitch as a multiple of the font size. @defaultValue 1.75 */
    readonly rowPitch?: number;
  };
}

/** The `entity|period|metric|value` keys a layout prints for a release. */
export function expectedFigures(data: CorpusRelease, table: TableLayout): string[] {
  const out: string[] = [];
  for (const row of [...data.districts, ...data.hubs]) {
    for (const c of table.columns) {
      if (c.kind !== 'figure') continue;
      const v = valueOf(row, c.metric, c.role);
      const p = data.periods[c.role];
      if (v === null || !p) continue;
      out.push(`${row.entity.name}|${periodCode(p)}|${c.metric}|${v}`);
    }
  }
  return out;
}

/** A region-wide total of a role, for shares. */
function regionTotal(data: CorpusRelease, role: PeriodRole): number {
  return data.districts[data.districts.length - 1]?.levels[role] ?? 1;
}

/** The text of one cell as printed. */
export function cellText(data: CorpusRelease, table: TableLayout, row: CorpusRow, c: Column): string {
  const level = (v: number): string => {
    const s = formatLevel(v, table.minus);
    return table.noThousands ? s.replace(/\./g, '') : s;
  };
  if (c.kind === 'foreign') {
    const cur = row.levels[c.role] ?? 0;
    if (c.what === 'import') return level(round1(cur * 0.47));
    if (c.what === 'saldo') return formatChange(round1(cur - round1(cur * 0.47)), table.minus);
    return formatLevel(round1((cur / regionTotal(data, c.role)) * 100), table.minus) + (table.pctSuffix ? '%' : '');
  }
  const v = valueOf(row, c.metric, c.role);
  if (v === null) return 'n.d.';
  if (c.metric === 'exports_meur') return level(v);
  return formatChange(v, table.minus) + (c.metric === 'yoy_pct' && table.pctSuffix ? '%' : '');
}

/**
 * The same tables with every year in their headings and captions moved by `delta`: internally
 * consistent, but contradicting the cover, the cutoff date and the prose (a release to refuse).
 */
export function shiftHeadingYears(layout: DocumentLayout, delta: number): DocumentLayout {
  const shift = (s: string): string => s.replace(/\b(?:19|20)\d{2}\b/g, (y) => String(Number(y) + delta));
  const t = layout.table;
  return {
    ...layout,
    table: {
      ...t,
      captions: { distretti: shift(t.captions.distretti), poli: shift(t.captions.poli) },
      header: t.header.map((row) => row.map((c) => ({ ...c, text: shift(c.text) }))),
    },
  };
}
