import { FONT } from '../fonts.ts';
import type { TableModel, TableRow } from '../table-model.ts';
import { COLOR, PAGE } from './geometry.ts';
import type { Pager } from './page-chrome.ts';
import { putCentered, putRight, putText, useStyle, wrapLines, type TextStyle } from './text.ts';

type Doc = PDFKit.PDFDocument;

/** Where and how a table is drawn (layout-dependent parts come from the LayoutSpec). */
export interface TablePlacement {
  readonly x: number;
  readonly width: number;
  readonly nameWidth: number;
  readonly numbersOn: 'first' | 'last';
  readonly continuedSuffix: string;
}

const BODY: TextStyle = { font: FONT.cond, size: 7.3, color: COLOR.text };
const BODY_BOLD: TextStyle = { font: FONT.condBold, size: 7.3, color: COLOR.text };
const HEAD: TextStyle = { font: FONT.cond, size: 6.8, color: '#333333' };
const HEAD_GROUP: TextStyle = { font: FONT.condBold, size: 6.9, color: COLOR.brand };
const CAPTION: TextStyle = { font: FONT.sansBold, size: 8.5, color: COLOR.brand };
const LINE = 8.8;
const HEAD_LINE = 8.2;
const PAD = 2.3;
const INDENT = 8;

interface Geometry {
  readonly colLeft: (i: number) => number;
  readonly colRight: (i: number) => number;
}

/**
 * Column widths follow their content (widest cell or heading word, plus a gap) and share what is
 * left evenly, as typeset tables do: columns are neither equal nor on a fixed grid.
 */
function geometry(doc: Doc, table: TableModel, p: TablePlacement): Geometry {
  const widest = (texts: readonly string[], s: TextStyle): number => {
    useStyle(doc, s);
    return Math.max(0, ...texts.map((t) => doc.widthOfString(t)));
  };
  const need = table.columns.map((c, i) => {
    const cells = widest(table.rows.map((r) => r.cells[i] ?? ''), BODY_BOLD);
    const words = widest(c.heading.sub.split(/\s+/), HEAD);
    return Math.max(cells, words) + 7;
  });
  const spare = (p.width - p.nameWidth - need.reduce((a, b) => a + b, 0)) / Math.max(need.length, 1);
  const rights: number[] = [];
  need.reduce((x, w) => {
    rights.push(x + w + spare);
    return x + w + spare;
  }, p.x + p.nameWidth);
  const at = (i: number): number => rights[i] ?? p.x + p.width;
  return {
    colLeft: (i) => (i === 0 ? p.x + p.nameWidth : at(i - 1)),
    colRight: at,
  };
}

/** Adjacent columns with the same group label share one group heading. */
function groupSpans(table: TableModel): { label: string; from: number; to: number }[] {
  const spans: { label: string; from: number; to: number }[] = [];
  table.columns.forEach((c, i) => {
    const last = spans[spans.length - 1];
    if (last && last.label === c.heading.group && last.to === i - 1) last.to = i;
    else spans.push({ label: c.heading.group, from: i, to: i });
  });
  return spans;
}

function rule(doc: Doc, x1: number, x2: number, y: number, width: number, color: string): void {
  doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore();
}

/** Caption and both header rows; returns the y where rows start. */
function drawHeader(doc: Doc, table: TableModel, p: TablePlacement, g: Geometry, y: number, continued: boolean): number {
  putText(doc, table.caption + (continued ? p.continuedSuffix : ''), p.x, y, CAPTION);
  let top = y + 14;
  rule(doc, p.x, p.x + p.width, top, 1.2, COLOR.brand);
  top += 3;
  const spans = groupSpans(table);
  const groupLines = spans.map((s) => wrapLines(doc, s.label, g.colRight(s.to) - g.colLeft(s.from) - 6, HEAD_GROUP));
  const groupH = Math.max(...groupLines.map((l) => l.length)) * HEAD_LINE;
  spans.forEach((s, i) => {
    const lines = groupLines[i] ?? [];
    const y0 = top + groupH - lines.length * HEAD_LINE;
    lines.forEach((l, k) => putCentered(doc, l, g.colLeft(s.from) + 3, g.colRight(s.to), y0 + k * HEAD_LINE, HEAD_GROUP));
    rule(doc, g.colLeft(s.from) + 4, g.colRight(s.to) - 1, top + groupH + 1, 0.5, COLOR.brand);
  });
  const subTop = top + groupH + 4;
  const subLines = table.columns.map((c, i) => wrapLines(doc, c.heading.sub, g.colRight(i) - g.colLeft(i) - 4, HEAD));
  const subH = Math.max(...subLines.map((l) => l.length)) * HEAD_LINE;
  subLines.forEach((lines, i) => {
    const y0 = subTop + subH - lines.length * HEAD_LINE;
    lines.forEach((l, k) => putRight(doc, l, g.colRight(i) - 2, y0 + k * HEAD_LINE, HEAD));
  });
  putText(doc, table.nameHeader, p.x, subTop + subH - HEAD_LINE, { ...HEAD, font: FONT.condBold });
  const bottom = subTop + subH + 2;
  rule(doc, p.x, p.x + p.width, bottom, 0.6, COLOR.brand);
  return bottom + 2;
}

function rowLines(doc: Doc, row: TableRow, p: TablePlacement): string[] {
  const text = row.marker ? `${row.label} ${row.marker}` : row.label;
  return wrapLines(doc, text, p.nameWidth - (row.indent ? INDENT : 0) - 5, row.style === 'member' ? BODY : BODY_BOLD);
}

function drawRow(doc: Doc, row: TableRow, lines: string[], p: TablePlacement, g: Geometry, y: number): number {
  const h = lines.length * LINE + 2 * PAD;
  if (row.style !== 'member') {
    doc.save().rect(p.x, y, p.width, h).fill(row.style === 'total' ? COLOR.brandLight : COLOR.shade).restore();
  }
  if (row.style === 'total') rule(doc, p.x, p.x + p.width, y, 0.6, COLOR.brand);
  const style = row.style === 'member' ? BODY : BODY_BOLD;
  const x = p.x + (row.indent ? INDENT : 0);
  lines.forEach((l, k) => putText(doc, l, x, y + PAD + k * LINE, style));
  const numbersLine = p.numbersOn === 'first' ? 0 : lines.length - 1;
  row.cells.forEach((cell, i) => putRight(doc, cell, g.colRight(i) - 2, y + PAD + numbersLine * LINE, style));
  return y + h;
}

/**
 * Draws a table from `y`, breaking to new pages (caption + continued suffix, all header rows
 * repeated) when a row no longer fits; a row is never split. Returns the y below the table.
 */
export function drawTable(doc: Doc, table: TableModel, y: number, p: TablePlacement, pager: Pager): number {
  const g = geometry(doc, table, p);
  let cursor = drawHeader(doc, table, p, g, y, false);
  for (const row of table.rows) {
    const lines = rowLines(doc, row, p);
    const h = lines.length * LINE + 2 * PAD;
    if (cursor + h > PAGE.contentBottom) {
      rule(doc, p.x, p.x + p.width, cursor, 0.6, COLOR.rule);
      cursor = drawHeader(doc, table, p, g, pager.innerPage(), true);
    }
    cursor = drawRow(doc, row, lines, p, g, cursor);
  }
  rule(doc, p.x, p.x + p.width, cursor, 1.2, COLOR.brand);
  return cursor + 4;
}

/** Footnotes and the source line under a table; returns the y below them. */
export function drawTableNotes(doc: Doc, notes: readonly string[], x: number, y: number): number {
  const style: TextStyle = { font: FONT.sans, size: 6.8, color: COLOR.grey };
  notes.forEach((n, i) => putText(doc, n, x, y + i * 9.5, style));
  return y + notes.length * 9.5;
}
