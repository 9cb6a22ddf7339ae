import { findPeriodLabels } from '../../transform/period-labels.ts';
import type { Chunk, Line } from './types.ts';

/**
 * Table headings → columns. Each numeric column gets the heading text blocks that sit over it:
 * its own sub-heading and any group heading spanning it (a group heading is centred over the cell
 * boxes of its block). Positions are only ever compared with each other, never with fixed values.
 */

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor(s.length / 2)] ?? 0) : 0;
}

/**
 * Each column's share of the row: from halfway to the previous column to halfway to the next; the
 * outer columns get the same margin as the typical inner one (so a centred group heading over the
 * last columns stays centred).
 */
export function extendedRanges(cols: readonly { x0: number; x1: number }[], pitch: number): [number, number][] {
  const gaps = cols.slice(1).map((c, i) => c.x0 - (cols[i]?.x1 ?? c.x0));
  const margin = gaps.length ? Math.max(1, median(gaps) / 2) : pitch / 4;
  return cols.map((c, i) => {
    const prev = cols[i - 1];
    const next = cols[i + 1];
    const a = prev ? (prev.x1 + c.x0) / 2 : c.x0 - margin;
    const b = next ? (c.x1 + next.x0) / 2 : c.x1 + margin;
    return [a, b];
  });
}

export const overlap = (a0: number, a1: number, b0: number, b1: number): number => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

export type Box = [number, number];

/**
 * The cell box of each column as the typesetter drew it. Numbers are usually right-aligned, so a
 * column's box runs from the previous column's right edge to its own (a group heading centred over
 * a block of cells is centred on these boxes, not on the numbers). Left-aligned and centred
 * columns are handled the same way from their own alignment edge.
 */
export function cellBoxes(cols: readonly { x0: number; x1: number }[], cells: readonly Chunk[]): Box[] {
  let right = 0;
  let left = 0;
  for (const c of cols) {
    const inCol = cells.filter((k) => k.x0 >= c.x0 - 0.5 && k.x1 <= c.x1 + 0.5);
    const spread = (xs: number[]): number => (xs.length ? Math.max(...xs) - Math.min(...xs) : 0);
    const r = spread(inCol.map((k) => k.x1));
    const l = spread(inCol.map((k) => k.x0));
    if (r + 0.5 < l) right++;
    else if (l + 0.5 < r) left++;
  }
  const n = cols.length;
  // right-aligned unless the cells say otherwise: a continuation page may hold a single row
  if (right >= left) {
    return cols.map((c, i) => {
      const prev = cols[i - 1];
      const next = cols[i + 1];
      const step = prev ? c.x1 - prev.x1 : next ? next.x1 - c.x1 : c.x1 - c.x0;
      return [prev ? prev.x1 : c.x1 - step, c.x1];
    });
  }
  if (left > right) {
    return cols.map((c, i) => {
      const prev = cols[i - 1];
      const next = cols[i + 1];
      const step = next ? next.x0 - c.x0 : prev ? c.x0 - prev.x0 : c.x1 - c.x0;
      return [c.x0, next ? next.x0 : c.x0 + step];
    });
  }
  return extendedRanges(cols, n > 1 ? median(cols.slice(1).map((c, i) => c.x0 - (cols[i]?.x0 ?? 0))) : 60);
}

const centreOf = (a: number, b: number): number => (a + b) / 2;

/** Columns whose box holds the chunk's centre or is mostly covered by the chunk. */
export function baseColumns(chunk: Chunk, boxes: readonly Box[]): number[] {
  const c = centreOf(chunk.x0, chunk.x1);
  const out: number[] = [];
  boxes.forEach(([a, b], i) => {
    if ((c >= a - 0.5 && c <= b + 0.5) || overlap(chunk.x0, chunk.x1, a, b) >= 0.5 * (b - a)) out.push(i);
  });
  if (out.length) return out;
  // off every box (a heading beyond the last column): the nearest one
  let best = -1;
  let bestGap = Infinity;
  boxes.forEach(([a, b], i) => {
    const gap = Math.max(a - chunk.x1, chunk.x0 - b, 0);
    if (gap < bestGap) {
      bestGap = gap;
      best = i;
    }
  });
  const box = boxes[best];
  return box && bestGap <= 0.5 * (box[1] - box[0]) ? [best] : [];
}

/**
 * pdf.js joins runs of one text object that sit close together, so two neighbouring headings can
 * arrive as one item ("4° trim. 2017 4° trim. 2018"). Split a chunk made of nothing but two or more
 * period labels at the spaces between them, placing each part by its share of the characters.
 */
export function splitPeriodRun(chunk: Chunk): Chunk[] {
  const labels = findPeriodLabels(chunk.text);
  if (labels.length < 2) return [chunk];
  let cursor = 0;
  for (const l of labels) {
    if (chunk.text.slice(cursor, l.index).trim() !== '') return [chunk];
    cursor = l.index + l.text.length;
  }
  if (chunk.text.slice(cursor).trim() !== '') return [chunk];
  const perChar = (chunk.x1 - chunk.x0) / Math.max(1, chunk.text.length);
  return labels.map((l) => {
    const x0 = chunk.x0 + l.index * perChar;
    const x1 = x0 + l.text.length * perChar;
    return { ...chunk, text: l.text, x0, x1, pieces: [{ text: l.text, x0, x1 }] };
  });
}

/**
 * Splits a heading chunk where its text runs fall into different column boxes and the box edge lies
 * in the gap between them: narrow tables set neighbouring headings closer than a column gap
 * ("€)" of one cell and "tendenziale" of the next).
 */
export function splitAtBoxes(chunk: Chunk, boxes: readonly Box[]): Chunk[] {
  if (chunk.pieces.length < 2) return [chunk];
  const boxOf = (x: number): number => boxes.findIndex(([a, b]) => x >= a && x <= b);
  const groups: { text: string; x0: number; x1: number }[][] = [];
  for (const piece of chunk.pieces) {
    const cur = groups[groups.length - 1];
    const last = cur?.[cur.length - 1];
    if (cur && last) {
      const edge = boxes.find(([, b]) => b >= last.x1 - 1 && b <= piece.x0 + 1);
      const differ = boxOf((last.x0 + last.x1) / 2) !== boxOf((piece.x0 + piece.x1) / 2);
      if (!(edge && differ)) {
        cur.push(piece);
        continue;
      }
    }
    groups.push([piece]);
  }
  if (groups.length < 2) return [chunk];
  return groups.map((g) => ({
    ...chunk,
    text: g.map((p) => p.text).join(' '),
    x0: g[0]?.x0 ?? chunk.x0,
    x1: g[g.length - 1]?.x1 ?? chunk.x1,
    pieces: g,
  }));
}

/** Lines further apart than this (in ems) start a new heading row; wrapped lines of one cell sit closer. */
const ROW_GAP_EM = 1.45;

/**
 * Groups heading lines into heading rows (a group row, a sub-heading row…) and each row's lines
 * into cells: the wrapped lines of one cell are stacked, overlapping horizontally, at line leading;
 * rows are separated by cell padding. A line whose chunk would bridge two cells of the row so far
 * (a group heading over sub-headings set without padding) also starts a new row.
 */
export function headingRows(lines: readonly Line[], perLine: readonly Chunk[][]): Chunk[][] {
  const rows: Chunk[][] = [];
  let cells: Chunk[] = [];
  let prev: Line | undefined;
  const merge = (a: Chunk, b: Chunk): Chunk => ({
    ...a,
    text: `${a.text} ${b.text}`,
    x0: Math.min(a.x0, b.x0),
    x1: Math.max(a.x1, b.x1),
    footnotes: [...a.footnotes, ...b.footnotes],
    pieces: [...a.pieces, ...b.pieces],
  });
  lines.forEach((line, k) => {
    const chunks = perLine[k] ?? [];
    const touching = (c: Chunk): number[] =>
      cells.flatMap((cell, i) => (overlap(c.x0, c.x1, cell.x0, cell.x1) > 0 ? [i] : []));
    const bridges = chunks.some((c) => touching(c).length > 1) || cells.some((cell) => chunks.filter((c) => overlap(c.x0, c.x1, cell.x0, cell.x1) > 0).length > 1);
    const gap = prev ? prev.y - line.y : 0;
    if (prev && (gap > ROW_GAP_EM * Math.max(prev.fontSize, line.fontSize) || bridges)) {
      if (cells.length) rows.push(cells);
      cells = [];
    }
    for (const c of chunks) {
      const hit = touching(c)[0];
      if (hit !== undefined && cells[hit]) cells[hit] = merge(cells[hit] as Chunk, c);
      else cells.push(c);
    }
    cells.sort((a, b) => a.x0 - b.x0);
    prev = line;
  });
  if (cells.length) rows.push(cells);
  return rows;
}

