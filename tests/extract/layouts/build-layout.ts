import { corpusRelease, type PeriodRole } from './corpus-data.ts';
import type { Align, Column, DocumentLayout, FigureColumn, HeaderCell, TableLayout } from './table-layout.ts';
import { DELTA_WORDS, LEVEL_SHORT, LEVEL_WORDS, periodLabels, YOY_WORDS } from './wordings.ts';

/**
 * Builds a table layout from a handful of choices (the property test draws them at random; the
 * named fixtures fix them). Every structure is one a person reads without hesitation: a column's
 * period and metric are printed over it, in a group heading spanning it, or in the caption.
 */

export type Structure =
  /** One heading cell per column: metric over period ("Export (mln €)" / "I trim. 2025"). */
  | 'stacked'
  /** Metric group headings over full period labels. */
  | 'metric-groups'
  /** A bare period group heading ("1° trimestre", "gen.-set.") over bare years and change wordings; the caption states the unit. */
  | 'period-groups'
  /** A period-with-year group heading ("1° trim. 2025") over metric sub-headings. */
  | 'year-groups'
  /** Caption states the period and unit; columns print bare years and change wordings (one block only). */
  | 'caption-period'
  /** The sample's modern shape: the current period with its year over the block, "Milioni di euro 2024" level sub-headings. */
  | 'block-groups';

export interface LayoutChoice {
  readonly release: 'er-2025Q1' | 'er-2025Q2' | 'er-2024Q3';
  readonly structure: Structure;
  /** Include the cumulative block (January to the reference quarter) when the release has one. */
  readonly cumulative: boolean;
  readonly cumulativeFirst: boolean;
  readonly newerFirst: boolean;
  readonly changesFirst: boolean;
  readonly withDelta: boolean;
  /** Indices into the wording lists (taken modulo their length). */
  readonly words: { readonly level: number; readonly short: number; readonly yoy: number; readonly delta: number; readonly period: number };
  readonly align: Align;
  /** Off-centre shift of spanning headings, points (kept inside their span). */
  readonly dx: number;
  readonly rules: boolean;
  readonly minus: '-' | '\u2212';
  readonly pctSuffix: boolean;
  readonly noThousands: boolean;
  readonly labelX: number;
  readonly labelWidth: number;
  readonly colWidth: number;
  readonly fontSize: number;
  readonly numbersOn: 'first' | 'last';
  readonly cellAlign?: 'right' | 'center';
  readonly rowPitch?: number;
  /** Print no heading over the row labels. */
  readonly noLabelHeading?: boolean;
  readonly chart: DocumentLayout['chart'];
  readonly splitAfter?: number;
  readonly repeatHeader: boolean;
  readonly footnotes: boolean;
  readonly sidebar: boolean;
  /** A last column that is not exports (trade balance, share, imports), with its own full heading. */
  readonly foreign?: 'saldo' | 'quota' | 'import';
}

const pick = <T>(list: readonly T[], i: number): T => list[((i % list.length) + list.length) % list.length] as T;

interface Block {
  readonly cur: PeriodRole;
  readonly prev: PeriodRole;
}

/** Columns of one block in print order. */
function blockColumns(b: Block, c: LayoutChoice): FigureColumn[] {
  const levels: FigureColumn[] = [
    { kind: 'figure', metric: 'exports_meur', role: b.prev },
    { kind: 'figure', metric: 'exports_meur', role: b.cur },
  ];
  if (c.newerFirst) levels.reverse();
  const changes: FigureColumn[] = [{ kind: 'figure', metric: 'yoy_pct', role: b.cur }];
  if (c.withDelta) changes.push({ kind: 'figure', metric: 'delta_meur', role: b.cur });
  return c.changesFirst ? [...changes, ...levels] : [...levels, ...changes];
}

export function buildLayout(c: LayoutChoice): DocumentLayout {
  const data = corpusRelease(c.release);
  const blocks: Block[] = [{ cur: 'q', prev: 'qPrev' }];
  const cumulative = c.cumulative && data.periods.cum !== undefined && c.structure !== 'caption-period';
  if (cumulative) {
    if (c.cumulativeFirst) blocks.unshift({ cur: 'cum', prev: 'cumPrev' });
    else blocks.push({ cur: 'cum', prev: 'cumPrev' });
  }
  const label = (role: PeriodRole, withYear: boolean): string => {
    const p = data.periods[role];
    if (!p) throw new Error(`no ${role} period in ${c.release}`);
    return withYear ? pick(periodLabels(p, true), c.words.period) : pick(periodLabels(p, false), c.words.period);
  };
  const year = (role: PeriodRole): string => String(data.periods[role]?.year ?? '');
  const levelWord = pick(LEVEL_WORDS, c.words.level);
  const shortWord = pick(LEVEL_SHORT, c.words.short);
  const yoyWord = pick(YOY_WORDS, c.words.yoy);
  const deltaWord = pick(DELTA_WORDS, c.words.delta);
  const metricWord = (col: FigureColumn, short: boolean): string =>
    col.metric === 'exports_meur' ? (short ? shortWord : levelWord) : col.metric === 'yoy_pct' ? yoyWord : deltaWord;

  let columns: FigureColumn[];
  const header: HeaderCell[][] = [];
  // a one-column heading sits like the numbers under it
  const single: Align = c.cellAlign === 'center' ? 'center' : 'right';
  const group = (text: string, from: number, to: number): HeaderCell => ({
    text,
    from,
    to,
    align: from === to ? single : c.align,
    ...(from === to ? {} : { dx: c.dx, rule: c.rules }),
  });
  let captionTail = '';
  switch (c.structure) {
    case 'stacked': {
      columns = blocks.flatMap((b) => blockColumns(b, c));
      header.push(columns.map((col, i) => ({ text: `${metricWord(col, false)}\n${label(col.role, true)}`, from: i, to: i, align: single })));
      break;
    }
    case 'metric-groups': {
      const all = blocks.flatMap((b) => blockColumns(b, c));
      const order = c.changesFirst ? ['yoy_pct', 'delta_meur', 'exports_meur'] : ['exports_meur', 'yoy_pct', 'delta_meur'];
      columns = order.flatMap((m) => all.filter((col) => col.metric === m));
      const groups: HeaderCell[] = [];
      for (const m of order) {
        const idx = columns.flatMap((col, i) => (col.metric === m ? [i] : []));
        if (idx.length) groups.push(group(metricWord(columns[idx[0] ?? 0] as FigureColumn, false), idx[0] ?? 0, idx[idx.length - 1] ?? 0));
      }
      header.push(groups);
      header.push(columns.map((col, i) => ({ text: label(col.role, true), from: i, to: i, align: single })));
      break;
    }
    case 'period-groups': {
      columns = [];
      const groups: HeaderCell[] = [];
      for (const b of blocks) {
        const cols = blockColumns(b, c);
        groups.push(group(label(b.cur, false), columns.length, columns.length + cols.length - 1));
        columns.push(...cols);
      }
      header.push(groups);
      header.push(columns.map((col, i) => ({ text: col.metric === 'exports_meur' ? year(col.role) : metricWord(col, true), from: i, to: i, align: single })));
      captionTail = ' (milioni di euro)';
      break;
    }
    case 'year-groups': {
      // one group per period with its year: the previous year's level alone, the current one with the changes
      columns = [];
      const groups: HeaderCell[] = [];
      for (const b of blocks) {
        const cols = blockColumns(b, c);
        const prevCol = cols.filter((col) => col.role === b.prev);
        const curCols = cols.filter((col) => col.role === b.cur);
        const parts = c.newerFirst ? [curCols, prevCol] : [prevCol, curCols];
        for (const part of parts) {
          const role = part[0]?.role ?? b.cur;
          groups.push(group(label(role, true), columns.length, columns.length + part.length - 1));
          columns.push(...part);
        }
      }
      header.push(groups);
      header.push(columns.map((col, i) => ({ text: metricWord(col, true), from: i, to: i, align: single })));
      captionTail = ' (milioni di euro)';
      break;
    }
    case 'block-groups': {
      columns = [];
      const groups: HeaderCell[] = [];
      for (const b of blocks) {
        const cols = blockColumns(b, c);
        groups.push(group(label(b.cur, true), columns.length, columns.length + cols.length - 1));
        columns.push(...cols);
      }
      header.push(groups);
      header.push(columns.map((col, i) => ({ text: col.metric === 'exports_meur' ? `${shortWord} ${year(col.role)}` : metricWord(col, true), from: i, to: i, align: single })));
      break;
    }
    case 'caption-period': {
      columns = blockColumns(blocks[0] as Block, c);
      header.push(columns.map((col, i) => ({ text: col.metric === 'exports_meur' ? year(col.role) : metricWord(col, true), from: i, to: i, align: single })));
      // mid-sentence: "primo trimestre", but a roman numeral stays upper case ("III trim.")
      captionTail = `, ${label('q', false).replace(/^[A-Z][a-z]/, (m) => m.toLowerCase())} (milioni di euro)`;
      break;
    }
  }
  const all: Column[] = [...columns];
  if (c.foreign) {
    const word = { saldo: 'Saldo commerciale (mln €)', quota: 'Quota % export', import: 'Importazioni (milioni di euro)' }[c.foreign];
    header[header.length - 1]?.push({ text: `${word}\n${label('q', true)}`, from: all.length, to: all.length, align: single });
    all.push({ kind: 'foreign', what: c.foreign, role: 'q' });
  }
  const table: TableLayout = {
    captions: {
      distretti: `Tab. 1 \u2013 Esportazioni dei distretti tradizionali${captionTail}`,
      poli: `Tab. 2 \u2013 Esportazioni dei poli tecnologici${captionTail}`,
    },
    continued: ' (segue)',
    labelHeadings: c.noLabelHeading ? { distretti: '', poli: '' } : { distretti: 'Distretto', poli: 'Polo tecnologico' },
    columns: all,
    header,
    minus: c.minus,
    pctSuffix: c.pctSuffix,
    noThousands: c.noThousands,
  };
  const fit = fitWidth(c, all.length);
  return {
    release: c.release,
    table,
    ...(c.splitAfter !== undefined ? { splitAfter: c.splitAfter } : {}),
    repeatHeader: c.repeatHeader,
    chart: c.chart,
    footnotes: c.footnotes,
    sidebar: fit.sidebar,
    geometry: {
      labelX: c.labelX,
      labelWidth: fit.labelWidth,
      colWidth: fit.colWidth,
      fontSize: c.fontSize,
      numbersOn: c.numbersOn,
      ...(c.cellAlign ? { cellAlign: c.cellAlign } : {}),
      ...(c.rowPitch ? { rowPitch: c.rowPitch } : {}),
    },
  };
}

/**
 * Keeps the table on the page (and left of the sidebar): narrower columns first (never below
 * 42 pt, which still holds "11.317,2" at 8 pt), then narrower labels (more wrapping), then no sidebar.
 */
function fitWidth(c: LayoutChoice, n: number): { colWidth: number; labelWidth: number; sidebar: boolean } {
  for (const sidebar of c.sidebar ? [true, false] : [false]) {
    const right = sidebar ? 435 : 540;
    const room = right - c.labelX - 10;
    const colWidth = Math.max(42, Math.min(c.colWidth, Math.floor((room - Math.min(c.labelWidth, 110)) / n)));
    const labelWidth = Math.min(c.labelWidth, room - n * colWidth);
    if (labelWidth >= 80) return { colWidth, labelWidth, sidebar };
  }
  return { colWidth: 42, labelWidth: 80, sidebar: false };
}

/** A plain, readable default to derive named layouts from. */
export const BASE_CHOICE: LayoutChoice = {
  release: 'er-2025Q1',
  structure: 'stacked',
  cumulative: true,
  cumulativeFirst: false,
  newerFirst: false,
  changesFirst: false,
  withDelta: true,
  words: { level: 0, short: 0, yoy: 0, delta: 0, period: 0 },
  align: 'center',
  dx: 0,
  rules: true,
  minus: '-',
  pctSuffix: false,
  noThousands: false,
  labelX: 56,
  labelWidth: 140,
  colWidth: 58,
  fontSize: 7.5,
  numbersOn: 'last',
  chart: 'none',
  repeatHeader: true,
  footnotes: false,
  sidebar: false,
};
