import { baseColumns, type Box } from '../headings.ts';
import type { Chunk } from '../types.ts';

/**
 * Which columns each heading cell stands over. The lowest heading row names single columns; a cell
 * in a row above may span a block of columns that carry headings further down (a group heading:
 * "1° trimestre" over "2024 | 2025 | Var. %"). Typesetters centre such a heading, left-align it,
 * or set it a few points off (issue 9: a spanning heading set off-centre was attached to the wrong
 * columns and 112 figures were loaded under the wrong periods). So this module does not decide: it
 * lists every block assignment the page allows, each with how well the headings fit their blocks;
 * the table's own arithmetic and the release's reference quarter choose (./choose.ts).
 */

/** One way to read the heading block: per column, its heading texts top to bottom, and how it got them. */
export interface HeadingAssignment {
  readonly parts: readonly (readonly string[])[];
  /** Per column, the group heading texts it received by a block that is not centred on it (position, not print). */
  readonly inferredGroups: readonly (readonly string[])[];
  /** Per column, the index of the top-most spanning cell over it (its block), or -1. */
  readonly blockOf: readonly number[];
  /** How far the spanning headings sit from their blocks' centres, in column pitches (0 = centred). */
  readonly misfit: number;
}

/** The column whose box holds the cell's centre (or the nearest within half a box), else -1. */
function coreColumn(cell: Chunk, boxes: readonly Box[]): number {
  const base = baseColumns({ ...cell, x0: (cell.x0 + cell.x1) / 2, x1: (cell.x0 + cell.x1) / 2 }, boxes);
  return base[0] ?? -1;
}

/** At most this many assignments are tried per table (a real heading block has a handful). */
const MAX_ASSIGNMENTS = 48;
/** A centred heading sits within a few points of its block's centre; wider blocks get a little more. */
const centredTol = (width: number): number => 5 + 0.01 * width;

interface Option {
  readonly lo: number;
  readonly hi: number;
  readonly misfit: number;
  readonly centred: boolean;
}

/** The blocks one spanning cell may take: contiguous, containing its own columns, only over headed columns. */
function optionsFor(cell: Chunk, base: readonly number[], boxes: readonly Box[], canExtend: (i: number) => boolean, pitch: number): Option[] {
  if (base.length === 0) return [];
  const lo0 = Math.min(...base);
  const hi0 = Math.max(...base);
  let minLo = lo0;
  while (minLo > 0 && canExtend(minLo - 1)) minLo--;
  let maxHi = hi0;
  while (maxHi < boxes.length - 1 && canExtend(maxHi + 1)) maxHi++;
  const out: Option[] = [];
  const centre = (cell.x0 + cell.x1) / 2;
  for (let lo = minLo; lo <= lo0; lo++) {
    for (let hi = hi0; hi <= maxHi; hi++) {
      const a = boxes[lo]?.[0] ?? 0;
      const b = boxes[hi]?.[1] ?? 0;
      // a heading wider than its block by more than a column is not spanning that block
      if (cell.x1 - cell.x0 > b - a + pitch) continue;
      const off = Math.abs((a + b) / 2 - centre);
      const centred = off <= centredTol(b - a);
      out.push({ lo, hi, centred, misfit: centred ? 0 : off / pitch });
    }
  }
  return out;
}

/**
 * Lists the plausible assignments of heading cells to columns, best fitting first.
 * @param rows heading rows top to bottom, each row's cells left to right
 * @param boxes the cell box of each numeric column
 */
export function headingAssignments(rows: readonly (readonly Chunk[])[], boxes: readonly Box[]): HeadingAssignment[] {
  const n = boxes.length;
  const pitch = n > 1 ? ((boxes[n - 1]?.[1] ?? 0) - (boxes[0]?.[0] ?? 0)) / n : 60;
  // columns with a heading in a lower row: a group heading may only span those
  const headedBelow: Set<number>[] = rows.map(() => new Set<number>());
  for (let k = rows.length - 2; k >= 0; k--) {
    const acc = new Set(headedBelow[k + 1]);
    for (const c of rows[k + 1] ?? []) for (const i of baseColumns(c, boxes)) acc.add(i);
    headedBelow[k] = acc;
  }
  // per row, the alternatives: a list of (cell → block) choices with their misfit
  type RowChoice = { blocks: { cell: Chunk; lo: number; hi: number; centred: boolean }[]; misfit: number };
  const perRow: RowChoice[][] = rows.map((cells, k) => {
    // a cell owns only the column under its centre: text wider than its column (a long period
    // label, right-aligned over one column) spills over a neighbour without heading it
    const cores = cells.map((c) => coreColumn(c, boxes));
    const owner = new Map<number, number>();
    cores.forEach((i, ci) => i >= 0 && !owner.has(i) && owner.set(i, ci));
    const below = headedBelow[k] ?? new Set<number>();
    const opts = cells.map((c, ci) => {
      const core = cores[ci] ?? -1;
      const own = core >= 0 && owner.get(core) === ci ? [core] : [];
      return optionsFor(c, own, boxes, (i) => below.has(i) && owner.get(i) === undefined, pitch);
    });
    const choices: RowChoice[] = [];
    const walk = (ci: number, from: number, acc: RowChoice['blocks'], misfit: number): void => {
      if (choices.length >= MAX_ASSIGNMENTS) return;
      if (ci === cells.length) {
        choices.push({ blocks: [...acc], misfit });
        return;
      }
      const list = opts[ci] ?? [];
      if (list.length === 0) return walk(ci + 1, from, acc, misfit);
      for (const o of list) {
        if (o.lo < from) continue;
        // no hole between two spanning cells: a column between them belongs to one of them
        const prev = acc[acc.length - 1];
        if (prev && o.lo > prev.hi + 1 && [...Array(o.lo - prev.hi - 1).keys()].every((d) => below.has(prev.hi + 1 + d))) continue;
        acc.push({ cell: cells[ci] as Chunk, lo: o.lo, hi: o.hi, centred: o.centred });
        walk(ci + 1, o.hi + 1, acc, misfit + o.misfit);
        acc.pop();
      }
    };
    walk(0, 0, [], 0);
    return choices.sort((a, b) => a.misfit - b.misfit);
  });
  // combine rows (usually one row has alternatives); keep the best combinations
  let combos: { picks: RowChoice[]; misfit: number }[] = [{ picks: [], misfit: 0 }];
  for (const choices of perRow) {
    const next: { picks: RowChoice[]; misfit: number }[] = [];
    for (const c of combos) for (const ch of choices.length ? choices : [{ blocks: [], misfit: 0 }]) next.push({ picks: [...c.picks, ch], misfit: c.misfit + ch.misfit });
    combos = next.sort((a, b) => a.misfit - b.misfit).slice(0, MAX_ASSIGNMENTS);
  }
  return combos.map(({ picks, misfit }) => {
    const parts: string[][] = boxes.map(() => []);
    const inferred: string[][] = boxes.map(() => []);
    const blockOf: number[] = boxes.map(() => -1);
    picks.forEach((row, k) => {
      row.blocks.forEach((b, bi) => {
        for (let i = b.lo; i <= b.hi; i++) {
          parts[i]?.push(b.cell.text);
          if (!b.centred && b.hi > b.lo) inferred[i]?.push(b.cell.text);
          if (blockOf[i] === -1 && b.hi > b.lo) blockOf[i] = k * 1000 + bi;
        }
      });
    });
    return { parts, inferredGroups: inferred, blockOf, misfit };
  });
}
