import { vocabulary, type Vocabulary } from '../../domain/vocabulary/index.ts';
import { isNumericCell } from '../../transform/numbers.ts';
import { findPeriodLabels } from '../../transform/period-labels.ts';
import { cellBoxes, extendedRanges, headingRows, median, overlap, splitAtBoxes, splitPeriodRun, type Box } from './headings.ts';
import type { Chunk, Line } from './types.ts';

/**
 * Table geometry by content: a table is a run of body lines (a label and numbers) under a block of
 * heading lines (period labels, unit wordings). Columns come from where the numbers are; each
 * heading text block is attached to the columns it sits over, spanning group headings included.
 * Nothing here depends on a page number or an absolute coordinate.
 */

/** One numeric column: its x-range (from the cells). */
export interface TableColumn {
  readonly x0: number;
  readonly x1: number;
}

/** One line of the table body, before row labels are joined and resolved. */
export interface BodyLine {
  readonly line: Line;
  /** Text left of the numeric columns (the row label or a piece of it). */
  readonly label: string;
  readonly labelFootnotes: readonly string[];
  /** One cell (or none) per column. */
  readonly cells: readonly (Chunk | undefined)[];
  /** Chunks in the numeric area that are not numbers (a sign of an unknown layout). */
  readonly strays: readonly Chunk[];
}

export interface TableGeometry {
  readonly page: number;
  /** Caption line above the heading ("Tab. 1 – Export dei distretti…"), if any. */
  readonly caption: string | null;
  readonly headerLines: readonly Line[];
  /** Heading rows top to bottom, each row's cells (wrapped lines joined) left to right; which columns they head is decided later. */
  readonly headingRows: readonly (readonly Chunk[])[];
  /**
   * The same heading block one printed line per row: a group heading set close above a wrapped
   * sub-heading joins it in `headingRows`; read this way it can span its block again.
   */
  readonly headingLines: readonly (readonly Chunk[])[];
  /** Heading texts set over the label column ("Distretto", a wrapped caption's "(milioni di euro)"). */
  readonly overLabels: readonly string[];
  /** Each column's cell box as the typesetter drew it (see {@link cellBoxes}). */
  readonly boxes: readonly Box[];
  readonly columns: readonly TableColumn[];
  readonly body: readonly BodyLine[];
}

const YEAR_LIKE = /^(?:19|20)\d{2}$/;
const MAX_HEADING_WORDS = 7;

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
const isBodyNumber = (c: Chunk): boolean => isNumericCell(c.text) && !YEAR_LIKE.test(c.text.trim());

/** A line that carries numbers: at least two, or one next to a label (a lone page number is not a row). */
function isBodyLine(line: Line): boolean {
  const nums = line.chunks.filter(isBodyNumber).length;
  if (nums === 0) return false;
  return nums >= 2 || line.chunks.some((c) => !isNumericCell(c.text));
}

/** Heading words a table header may contain besides period labels. */
function isHeadingText(text: string, v: Vocabulary): boolean {
  return v.metricOf(text) !== null || v.neverExports(text) !== null || findPeriodLabels(text, v.profile.periods).length > 0 || /%|\btasso\b|\bvar/i.test(text);
}

function isHeaderLike(line: Line, v: Vocabulary): boolean {
  if (line.chunks.length === 0) return false;
  const first = line.chunks[0]?.text ?? '';
  if (v.isCaption(first) || v.isEndOfTable(first)) return false;
  if (line.chunks.some(isBodyNumber)) return false;
  return line.chunks.every((c) => words(c.text) <= MAX_HEADING_WORDS);
}

/** Clusters the numbers of the body into columns: cells of one column overlap horizontally. */
function clusterColumns(cells: readonly Chunk[]): { x0: number; x1: number }[] {
  const spans = cells.map((c) => ({ x0: c.x0, x1: c.x1 })).sort((a, b) => a.x0 - b.x0);
  const out: { x0: number; x1: number }[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.x0 <= last.x1 + 0.5) last.x1 = Math.max(last.x1, s.x1);
    else out.push({ ...s });
  }
  return out;
}

/** Splits a line into its label (left of the first column) and cells. */
function bodyLine(line: Line, cols: readonly { x0: number; x1: number }[], ext: readonly [number, number][]): BodyLine {
  const firstX0 = ext[0]?.[0] ?? Infinity;
  // text left of every number of the first column is label, even when it reaches into the first
  // column's share of the gap (a long wrapped name)
  const firstNum = cols[0]?.x0 ?? Infinity;
  const labelChunks = line.chunks.filter(
    (c) => (c.x1 <= firstX0 + 0.5 && !(isBodyNumber(c) && c.x1 > firstX0 - 2)) || (!isNumericCell(c.text) && c.x1 <= firstNum + 0.5),
  );
  const cells: (Chunk | undefined)[] = cols.map(() => undefined);
  const strays: Chunk[] = [];
  for (const c of line.chunks) {
    if (labelChunks.includes(c)) continue;
    const i = ext.findIndex(([a, b]) => overlap(c.x0, c.x1, a, b) >= 0.5 * (c.x1 - c.x0));
    if (i < 0 || !isNumericCell(c.text) || cells[i]) strays.push(c);
    else cells[i] = c;
  }
  return {
    line,
    label: labelChunks.map((c) => c.text).join(' ').trim(),
    labelFootnotes: labelChunks.flatMap((c) => c.footnotes),
    cells,
    strays,
  };
}

/**
 * Finds the tables on one page (main-column lines, top to bottom).
 * Returns their geometry; rows are not yet resolved to entities.
 */
export function findTables(lines: readonly Line[], v: Vocabulary = vocabulary()): TableGeometry[] {
  const tables: TableGeometry[] = [];
  let i = 0;
  while (i < lines.length) {
    const start = lines[i];
    if (!start || !isBodyLine(start)) {
      i++;
      continue;
    }
    const firstNumX0 = Math.min(...start.chunks.filter(isBodyNumber).map((c) => c.x0));
    // the first row's name may wrap above its numbers: label-only lines just above belong to the body
    let first = i;
    while (first > i - 3) {
      const l = lines[first - 1];
      const below = lines[first];
      if (!l || !below || l.y - below.y > 1.6 * Math.max(l.fontSize, below.fontSize)) break;
      if (!l.chunks.every((c) => c.x1 <= firstNumX0 + 0.5 && !isHeadingText(c.text, v) && !v.isCaption(c.text))) break;
      first--;
    }
    // heading block: header-like lines directly above the first body line
    const headerLines: Line[] = [];
    let caption: string | null = null;
    for (let k = first - 1; k >= 0; k--) {
      const l = lines[k];
      const below = lines[k + 1];
      if (!l || !below) break;
      if (l.y - below.y > 3.2 * Math.max(l.fontSize, below.fontSize)) {
        break;
      }
      if (!isHeaderLike(l, v)) {
        if (v.isCaption(l.chunks[0]?.text ?? '')) caption = l.chunks.map((c) => c.text).join(' ');
        break;
      }
      headerLines.unshift(l);
    }
    if (caption === null) {
      // the caption may sit a little higher, above a blank gap
      const above = lines[first - headerLines.length - 1];
      if (above && v.isCaption(above.chunks[0]?.text ?? '')) caption = above.chunks.map((c) => c.text).join(' ');
    }
    // body: number lines and label-only lines (wrapped names, sector headings) until the table ends
    const bodyLines: Line[] = lines.slice(first, i);
    let textRun = 0;
    let j = i;
    for (; j < lines.length; j++) {
      const l = lines[j];
      const prev = bodyLines[bodyLines.length - 1];
      if (!l) break;
      if (prev && prev.y - l.y > 3 * Math.max(prev.fontSize, l.fontSize)) break;
      const first = l.chunks[0]?.text ?? '';
      if (v.isCaption(first) || v.isEndOfTable(first)) break;
      if (isBodyLine(l)) {
        textRun = 0;
        bodyLines.push(l);
        continue;
      }
      const labelOnly = l.chunks.every((c) => c.x1 <= firstNumX0 + 0.5);
      if (!labelOnly || (isHeaderLike(l, v) && l.chunks.some((c) => isHeadingText(c.text, v) && c.x1 > firstNumX0))) break;
      // a name may wrap over up to four lines in a narrow label column: three label-only lines
      if (++textRun > 3) break;
      bodyLines.push(l);
    }
    // trailing label-only lines: keep one (the second line of a wrapped name whose numbers sit on
    // its first line), drop the rest (text after the table)
    let trailing = 0;
    while (trailing < bodyLines.length && !isBodyLine(bodyLines[bodyLines.length - 1 - trailing] as Line)) trailing++;
    bodyLines.splice(bodyLines.length - trailing + (trailing === 1 ? 1 : 0));
    const numberCells = bodyLines.filter(isBodyLine).flatMap((l) => l.chunks.filter((c) => isBodyNumber(c) || (isNumericCell(c.text) && c.x0 >= firstNumX0 - 2)));
    const cols = clusterColumns(numberCells);
    const pitch = cols.length > 1 ? median(cols.slice(1).map((c, k) => (c.x0 + c.x1) / 2 - ((cols[k]?.x0 ?? 0) + (cols[k]?.x1 ?? 0)) / 2)) : 60;
    const ext = extendedRanges(cols, pitch);
    const boxes = cellBoxes(cols, numberCells);
    // headings over the label column ("Distretto") name no numeric column
    const perLine = headerLines.map((hl) =>
      hl.chunks
        .flatMap((c) => splitAtBoxes(c, boxes))
        .flatMap(splitPeriodRun)
        .filter((c) => c.x1 > (boxes[0]?.[0] ?? 0) + 0.5),
    );
    const rows = headingRows(headerLines, perLine);
    // heading text over the label column names no numeric column but may state the whole table's
    // unit or period (a caption wrapped onto a second line: "(milioni di euro)")
    const overLabels = headerLines.flatMap((hl) => hl.chunks.filter((c) => c.x1 <= (boxes[0]?.[0] ?? 0) + 0.5).map((c) => c.text));
    // the bars of a chart labelled with their values look like table rows: a run of such lines
    // under a figure caption, with no heading block, is the chart, not a table
    if (headerLines.length === 0 && caption !== null && v.isChartCaption(caption)) {
      i = Math.max(j, i + 1);
      continue;
    }
    tables.push({
      page: start.page,
      caption,
      headerLines,
      headingRows: rows,
      headingLines: perLine.filter((l) => l.length > 0).map((l) => [...l].sort((a, b) => a.x0 - b.x0)),
      overLabels,
      boxes,
      columns: cols.map((c) => ({ x0: c.x0, x1: c.x1 })),
      body: bodyLines.map((l) => bodyLine(l, cols, ext)),
    });
    i = Math.max(j, i + 1);
  }
  return tables;
}
