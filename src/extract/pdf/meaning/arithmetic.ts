import { periodCode, previousYear } from '../../../domain/period.ts';
import { parseItalianNumber } from '../../../transform/numbers.ts';
import type { Chunk } from '../types.ts';
import type { ArithmeticResult, ColumnMeaning } from './types.ts';

/**
 * Proves a reading with the table's own numbers: in every row, a year-on-year % change must agree
 * with the two levels it compares, and a difference with their gap, within the rounding of what is
 * printed. A heading attached to the wrong column, or a level read as a change, breaks these in
 * almost every row; a right reading keeps them in all.
 */

export interface Cell {
  readonly value: number;
  /** Half a unit of the last printed digit: the rounding the printed value may carry. */
  readonly half: number;
  readonly col: number;
}

const parsed = new WeakMap<Chunk, Cell | null>();

export function cellOf(chunk: Chunk | undefined, col: number): Cell | null {
  if (!chunk) return null;
  const hit = parsed.get(chunk);
  // a chunk sits in one column, so the cached cell is reused as is (cells are never mutated)
  if (hit !== undefined) return hit && (hit.col === col ? hit : { ...hit, col });
  const made = parseCell(chunk, col);
  parsed.set(chunk, made);
  return made;
}

function parseCell(chunk: Chunk, col: number): Cell | null {
  const value = parseItalianNumber(chunk.text);
  if (value === null) return null;
  const digits = /[,](\d+)/.exec(chunk.text)?.[1]?.length ?? 0;
  return { value, half: 0.5 * 10 ** -digits, col };
}

const EPS = 1e-9;

/** Whether a printed % change fits the two printed levels, with every rounding taken into account. */
export function yoyFits(pct: Cell, cur: Cell, prev: Cell): boolean | null {
  const lo0 = prev.value - prev.half;
  if (lo0 <= 0) return null;
  const lo = ((cur.value - cur.half) / (prev.value + prev.half) - 1) * 100;
  const hi = ((cur.value + cur.half) / lo0 - 1) * 100;
  return pct.value >= lo - pct.half - EPS && pct.value <= hi + pct.half + EPS;
}

export function deltaFits(delta: Cell, cur: Cell, prev: Cell): boolean {
  return Math.abs(cur.value - prev.value - delta.value) <= cur.half + prev.half + delta.half + EPS;
}

type Rows = readonly { label: string; cells: readonly (Chunk | undefined)[] }[];

interface TripleOutcome {
  readonly passed: number;
  readonly failed: number;
  /** Its first failures (at most the three a reading reports). */
  readonly failures: readonly string[];
}

/**
 * A change column's checks depend only on its cells, the two level columns it compares and its
 * metric and label, not on the rest of the reading: the dozens of readings tried per table share
 * them (./subtotals.ts keeps its sums the same way). Keyed by the table's rows, which live as long
 * as the table is read.
 */
const outcomes = new WeakMap<Rows, Map<string, TripleOutcome>>();

/**
 * Checks one reading over the rows of a table.
 * @param rows per row, one cell chunk (or none) per column
 */
export function checkArithmetic(meanings: readonly ColumnMeaning[], rows: Rows): ArithmeticResult {
  const passed = meanings.map(() => 0);
  const failed = meanings.map(() => 0);
  const failures: string[] = [];
  const levelCol = new Map<string, number>();
  meanings.forEach((m, i) => {
    if (m.status === 'read' && m.metric === 'exports_meur') levelCol.set(periodCode(m.period), i);
  });
  let memo = outcomes.get(rows);
  if (!memo) outcomes.set(rows, (memo = new Map()));
  meanings.forEach((m, i) => {
    if (m.status !== 'read' || m.metric === 'exports_meur') return;
    const base = m.metric === 'vs2019_pct' ? { ...m.period, year: 2019 } : previousYear(m.period);
    const curCol = levelCol.get(periodCode(m.period));
    const prevCol = levelCol.get(periodCode(base));
    if (curCol === undefined || prevCol === undefined) return;
    const key = `${i}\u0001${curCol}\u0001${prevCol}\u0001${m.metric}\u0001${m.label}`;
    let o = memo.get(key);
    if (!o) memo.set(key, (o = checkTriple(m.metric, m.label, i, curCol, prevCol, rows)));
    for (const k of [i, curCol, prevCol]) {
      passed[k]! += o.passed;
      failed[k]! += o.failed;
    }
    for (const f of o.failures) if (failures.length < 3) failures.push(f);
  });
  return { passed, failed, failures };
}

function checkTriple(metric: string, label: string, i: number, curCol: number, prevCol: number, rows: Rows): TripleOutcome {
  let passed = 0;
  let failed = 0;
  const failures: string[] = [];
  for (const r of rows) {
    const c = cellOf(r.cells[i], i);
    const cur = cellOf(r.cells[curCol], curCol);
    const prev = cellOf(r.cells[prevCol], prevCol);
    if (!c || !cur || !prev) continue;
    const ok = metric === 'delta_meur' ? deltaFits(c, cur, prev) : yoyFits(c, cur, prev);
    if (ok === null) continue;
    if (ok) passed += 1;
    else failed += 1;
    if (!ok && failures.length < 3) {
      failures.push(`row "${r.label}": ${metric} ${c.value} in "${label}" does not follow from ${prev.value} → ${cur.value}`);
    }
  }
  return { passed, failed, failures };
}
