import { isNumericCell } from '../../transform/numbers.ts';
import type { Chunk, Line } from './types.ts';
import { withChunks } from './lines.ts';

/**
 * The notes carry a right-hand sidebar (note number, department, author, key numbers) whose lines
 * share baselines with the main column, so naive extraction interleaves them (shared publisher
 * notes, "Inside a release PDF"). The sidebar is found by shape, not by coordinate: a vertical
 * gutter in the right half of the page that no text crosses, with a narrow block of mostly
 * non-numeric text on its right spread over several lines.
 */

export interface SidebarSplit {
  readonly main: Line[];
  readonly sidebar: Line[];
}

/** Minimum gutter width, as a multiple of the body font size. */
const GUTTER_EM = 1.2;
/** At most this share of the sidebar's chunks may be numbers (its "key numbers" box has a few). */
const MAX_NUMERIC_SHARE = 0.4;
/** The sidebar is narrow: at most this share of the page width. */
const MAX_WIDTH_SHARE = 0.4;
const MIN_SIDEBAR_LINES = 3;

/** Text crossing a gutter on this many lines or fewer (a banner, a running head) does not block it. */
const MAX_CROSSING = 2;

function freeIntervals(chunks: readonly Chunk[], from: number, to: number): [number, number][] {
  const lo = Math.floor(from);
  const bins = new Uint16Array(Math.max(0, Math.ceil(to) - lo + 1));
  for (const c of chunks) {
    const a = Math.max(lo, Math.floor(c.x0)) - lo;
    const b = Math.min(Math.ceil(to), Math.ceil(c.x1)) - lo;
    for (let i = a; i < b; i++) bins[i] = (bins[i] ?? 0) + 1;
  }
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= bins.length; i++) {
    const free = i < bins.length && (bins[i] ?? 0) <= MAX_CROSSING;
    if (free && start < 0) start = i;
    if (!free && start >= 0) {
      out.push([lo + start, lo + i]);
      start = -1;
    }
  }
  return out;
}

/** Splits a page's lines into the main column and the right-hand sidebar (empty when there is none). */
export function splitSidebar(lines: readonly Line[], pageWidth: number): SidebarSplit {
  const chunks = lines.flatMap((l) => l.chunks);
  if (chunks.length === 0) return { main: [...lines], sidebar: [] };
  const sizes = chunks.map((c) => c.fontSize).sort((a, b) => a - b);
  const em = sizes[Math.floor(sizes.length / 2)] ?? 10;
  const maxX = Math.max(...chunks.map((c) => c.x1));
  for (const [a, b] of freeIntervals(chunks, pageWidth * 0.45, maxX)) {
    if (b - a < GUTTER_EM * em || b >= maxX) continue;
    const right = lines.filter((l) => l.chunks.some((c) => c.x0 >= b - 0.5));
    const rightChunks = chunks.filter((c) => c.x0 >= b - 0.5);
    const leftChunks = chunks.filter((c) => c.x1 <= a + 0.5);
    if (right.length < MIN_SIDEBAR_LINES || leftChunks.length === 0) continue;
    const numeric = rightChunks.filter((c) => isNumericCell(c.text)).length;
    if (numeric / rightChunks.length > MAX_NUMERIC_SHARE) continue;
    const width = Math.max(...rightChunks.map((c) => c.x1)) - Math.min(...rightChunks.map((c) => c.x0));
    if (width > MAX_WIDTH_SHARE * pageWidth) continue;
    const main: Line[] = [];
    const sidebar: Line[] = [];
    for (const l of lines) {
      const m = l.chunks.filter((c) => c.x0 < b - 0.5);
      const s = l.chunks.filter((c) => c.x0 >= b - 0.5);
      if (m.length) main.push(withChunks(l, m));
      if (s.length) sidebar.push(withChunks(l, s));
    }
    return { main, sidebar };
  }
  return { main: [...lines], sidebar: [] };
}
