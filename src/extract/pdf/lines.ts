import { isNumericCell } from '../../transform/numbers.ts';
import type { Chunk, Line, PageText, TextItem } from './types.ts';

/**
 * Geometry: text items → lines (shared baseline) → chunks (runs with no column gap).
 * Thresholds are relative to the font size, never absolute coordinates, so any page size,
 * margin or type size works.
 */

/** Baselines closer than this fraction of the font size are one line (superscripts sit ~0.3 em up). */
const SAME_LINE = 0.45;
/** A horizontal gap wider than this fraction of the font size separates two chunks (a word space is ~0.28 em). */
const CHUNK_GAP = 0.6;
/** A gap wider than this (but still inside a chunk) is printed as a space. */
const SPACE_GAP = 0.12;
/** Items this much smaller than the line's text are candidates for footnote markers. */
const SMALL = 0.85;
const FOOTNOTE_MARK = /^(?:\(\d{1,2}\)|\d{1,2}|\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$/;

/** Splits an item printed with runs of spaces ("4.878    +6,4") into separate items, positions interpolated. */
function splitWideSpaces(it: TextItem): TextItem[] {
  // pdf.js also joins neighbouring cells of a crowded row into one item ("+3,6 +1.515,8"):
  // a run made only of numbers is split at every space
  const tokens = it.str.trim().split(/\s+/);
  const allNumbers = tokens.length > 1 && tokens.every((t) => isNumericCell(t));
  if (!allNumbers && !/\S\s{2,}\S/.test(it.str)) return [it];
  const out: TextItem[] = [];
  const perChar = it.width / Math.max(1, it.str.length);
  for (const m of it.str.matchAll(allNumbers ? /\S+/g : /\S+(?: \S+)*/g)) {
    const start = m.index ?? 0;
    out.push({ ...it, str: m[0], x: it.x + start * perChar, width: m[0].length * perChar });
  }
  return out;
}

/** How much two items overlap horizontally, as a share of the narrower one. */
function overlapShare(a: TextItem, b: TextItem): number {
  const o = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  return o <= 0 ? 0 : o / Math.max(1e-6, Math.min(a.width, b.width));
}

interface LineAnchor {
  anchorY: number;
  anchorFs: number;
}

/**
 * Whether `l` is set in smaller type than `other` and within 0.75 em of it. (A module function,
 * not a closure in groupLines' loop: the build keeps function names, which costs a call per
 * closure created, per line.)
 */
function smallNear(l: LineAnchor, other: LineAnchor): boolean {
  return l.anchorFs < SMALL * other.anchorFs && Math.abs(other.anchorY - l.anchorY) <= 0.75 * other.anchorFs;
}

function groupLines(items: readonly TextItem[]): TextItem[][] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: { anchorY: number; anchorFs: number; items: TextItem[] }[] = [];
  for (const it of sorted) {
    const last = lines[lines.length - 1];
    const dy = last ? Math.abs(last.anchorY - it.y) : Infinity;
    // text set over other text of the line is on another line, however close (a wrapped name's
    // last line a few points above the next row's first line)
    const stacked = last !== undefined && dy > 0.15 * it.fontSize && last.items.some((o) => overlapShare(o, it) > 0.3);
    if (last && !stacked && dy <= SAME_LINE * Math.max(last.anchorFs, it.fontSize)) {
      last.items.push(it);
      // anchor on the largest text so a raised superscript does not drag the line up
      if (it.fontSize > last.anchorFs) {
        last.anchorY = it.y;
        last.anchorFs = it.fontSize;
      }
    } else {
      lines.push({ anchorY: it.y, anchorFs: it.fontSize, items: [it] });
    }
  }
  // a line of nothing but small type (a raised footnote marker) belongs to the nearest line of
  // normal type within 0.75 em: superscripts sit higher than SAME_LINE allows
  const out: { anchorY: number; anchorFs: number; items: TextItem[] }[] = [];
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    if (!l) continue;
    const below = lines[k + 1];
    const above = out[out.length - 1];
    if (below && smallNear(l, below)) below.items.push(...l.items);
    else if (above && smallNear(l, above)) above.items.push(...l.items);
    else out.push(l);
  }
  return out.map((l) => l.items);
}

function mainFontSize(items: readonly TextItem[]): number {
  let best = 0;
  let bestChars = -1;
  const chars = new Map<number, number>();
  for (const it of items) {
    const k = Math.round(it.fontSize * 10) / 10;
    const n = (chars.get(k) ?? 0) + it.str.length;
    chars.set(k, n);
    if (n > bestChars) {
      bestChars = n;
      best = k;
    }
  }
  return best;
}

interface ChunkBuilder {
  text: string;
  x0: number;
  x1: number;
  y: number;
  fontSize: number;
  footnotes: string[];
  pieces: { text: string; x0: number; x1: number }[];
}

function buildChunks(items: readonly TextItem[], lineFs: number): ChunkBuilder[] {
  const sorted = items.flatMap(splitWideSpaces).sort((a, b) => a.x - b.x);
  const chunks: ChunkBuilder[] = [];
  for (const it of sorted) {
    const text = it.str.replace(/\s+/g, ' ');
    const cur = chunks[chunks.length - 1];
    const gap = cur ? it.x - cur.x1 : Infinity;
    const isMark = it.fontSize < SMALL * lineFs && FOOTNOTE_MARK.test(text.trim());
    // two numbers side by side are two cells even when the gap is narrow (a crowded table)
    const twoNumbers = cur !== undefined && gap > SPACE_GAP * lineFs && isNumericCell(cur.text.trim()) && isNumericCell(text.trim());
    if (cur && gap <= CHUNK_GAP * lineFs && !twoNumbers) {
      if (isMark) cur.footnotes.push(text.trim());
      else {
        cur.text += (gap > SPACE_GAP * lineFs && !cur.text.endsWith(' ') && !text.startsWith(' ') ? ' ' : '') + text;
        cur.pieces.push({ text: text.trim(), x0: it.x, x1: it.x + it.width });
      }
      cur.x1 = Math.max(cur.x1, it.x + it.width);
      if (!isMark && it.fontSize >= cur.fontSize) {
        cur.fontSize = it.fontSize;
        cur.y = it.y;
      }
      continue;
    }
    chunks.push({ text, x0: it.x, x1: it.x + it.width, y: it.y, fontSize: it.fontSize, footnotes: [], pieces: [{ text: text.trim(), x0: it.x, x1: it.x + it.width }] });
  }
  return chunks
    .map((c) => ({ ...c, text: c.text.trim() }))
    .filter((c) => c.text !== '' || c.footnotes.length > 0);
}

/** The page's lines, top to bottom, each with its chunks left to right. */
export function buildLines(page: PageText): Line[] {
  return groupLines(page.items).map((items) => {
    const fs = mainFontSize(items);
    const chunks: Chunk[] = buildChunks(items, fs);
    const main = items.filter((i) => Math.round(i.fontSize * 10) / 10 === fs);
    const y = main.length ? main.reduce((s, i) => s + i.y, 0) / main.length : (items[0]?.y ?? 0);
    return { page: page.page, y, fontSize: fs, chunks };
  });
}

/** Re-assembles lines from a subset of chunks (after the sidebar is split off). */
export function withChunks(line: Line, chunks: readonly Chunk[]): Line {
  return { ...line, chunks };
}
