import type { EntityDef } from '../../../domain/registry/types.ts';
import type { ExtractWarning } from '../../../domain/release.ts';
import type { Chunk } from '../types.ts';
import { cellOf, type Cell } from './arithmetic.ts';
import type { ColumnMeaning } from './types.ts';

/**
 * Sector subtotals and totals checked against their members (issue 9, item 2: "sector subtotals
 * against members"). In every column read as a level or a difference in €M, the members printed in
 * the table must add up to the subtotal row within the rounding of what is printed (half a unit of
 * the last printed digit per cell). A yoy % of a total is checked by ./arithmetic.ts against the
 * total's own levels, like any row.
 *
 * What a failing sum means, and what it does to the release:
 * - members adding up to MORE than their subtotal: exports are never negative, so no district left
 *   out of the table can explain it. The reading (or a row's numbers) is wrong: the candidate fails,
 *   and if no other reading of the headings makes the sums hold, the release is refused
 *   (`subtotal-mismatch`).
 * - members adding up to LESS: a subtotal can legitimately count districts the table does not list
 *   (a member printed "n.d.", a sector whose table shows only some districts). When the registry has
 *   a member of that aggregate that the table does not print with a value, this is a warning
 *   (`subtotal-includes-unlisted`), stored with the release. When the table prints every member the
 *   registry knows, nothing can explain the gap: refused like the first case.
 * A sum that holds is evidence for the reading (./choose.ts counts it among the proofs): a reading
 * under which the subtotals hold beats one under which they fail. Sums confirm that a column is
 * additive in €M (a level or a difference, not a % change); they say nothing of its period, so they
 * confirm only an inferred unit (see {@link confirmsInference}).
 */

/** One subtotal row and the rows of its members in one table. */
export interface SubtotalGroup {
  /** Row index of the subtotal. */
  readonly total: number;
  readonly label: string;
  /** Row indexes of its members printed in the table. */
  readonly members: readonly number[];
  /** Its members printed in another part of the same table split across pages (same columns). */
  readonly elsewhere: readonly { readonly label: string; readonly cells: readonly (Chunk | undefined)[] }[];
  /** Names of registry members of this aggregate the table does not list (they may be in the subtotal). */
  readonly unlisted: readonly string[];
}

export interface SubtotalResult {
  /** Per column: sums that held, and that failed (refusing). */
  readonly passed: readonly number[];
  readonly failed: readonly number[];
  readonly failures: readonly string[];
  /** Sums short of their subtotal that unlisted members may explain. */
  readonly warnings: readonly ExtractWarning[];
}

/** One entity table as its rows were resolved, before its columns are read. */
export interface TablePart {
  readonly kind: string;
  readonly rows: readonly { readonly label: string; readonly entity: EntityDef | undefined; readonly cells: readonly (Chunk | undefined)[] }[];
}

const sums = (agg: EntityDef, e: EntityDef): boolean =>
  e.kind !== 'aggregato' && (agg.aggregates === 'distretti' ? e.kind === 'distretto' : agg.aggregates === 'poli' ? e.kind === 'polo' : e.kind === 'distretto' && e.sector === agg.aggregates);

/**
 * Which rows each subtotal sums (a sector's districts, all districts, all hubs), per table. A table
 * split across pages is one table for its sums: a sector's subtotal may sit on the page after its
 * first members, or before them. Consecutive parts are taken as one table when they have the same
 * kind and number of columns and share no entity (a continuation never repeats a row; a second
 * table of the same districts, e.g. half-year figures, repeats them all).
 * @param registry every entity the registry knows, to tell which members a table leaves out
 */
export function subtotalGroups(parts: readonly TablePart[], registry: readonly EntityDef[]): SubtotalGroup[][] {
  const runOf: number[] = [];
  let run = -1;
  parts.forEach((t, i) => {
    const prev = parts[i - 1];
    const names = new Set(t.rows.map((r) => r.entity?.name).filter(Boolean));
    const joins =
      prev !== undefined &&
      runOf[i - 1] === run &&
      prev.kind === t.kind &&
      prev.rows[0]?.cells.length === t.rows[0]?.cells.length &&
      parts.every((o, k) => runOf[k] !== run || o.rows.every((r) => !names.has(r.entity?.name)));
    if (!joins) run++;
    runOf.push(run);
  });
  return parts.map((t, i) => {
    const siblings = parts.filter((_, k) => k !== i && runOf[k] === runOf[i]);
    const printed = new Set([t, ...siblings].flatMap((o) => o.rows.map((r) => r.entity?.name)));
    const groups: SubtotalGroup[] = [];
    t.rows.forEach((row, total) => {
      const agg = row.entity;
      if (agg?.kind !== 'aggregato' || !agg.aggregates) return;
      const members = t.rows.flatMap((r, k) => (r.entity && sums(agg, r.entity) ? [k] : []));
      const elsewhere = siblings.flatMap((o) => o.rows.filter((r) => r.entity && sums(agg, r.entity)));
      if (members.length + elsewhere.length === 0) return;
      const unlisted = registry.filter((e) => sums(agg, e) && !printed.has(e.name)).map((e) => e.name);
      groups.push({ total, label: agg.name, members, elsewhere, unlisted });
    });
    return groups;
  });
}

const EPS = 1e-9;
const fmt = (v: number): string => String(Math.round(v * 100) / 100);

interface ColumnOutcome {
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly string[];
  readonly warnings: readonly ExtractWarning[];
}

/**
 * A column's sums depend only on its cells and on whether it is a level or a difference, not on the
 * rest of the reading: every reading of one table (dozens are tried) shares them. Keyed by the
 * table's groups, which live as long as the table is read.
 */
const outcomes = new WeakMap<readonly SubtotalGroup[], Map<string, ColumnOutcome>>();

/**
 * Checks every subtotal in every additive column of one reading.
 * @param rows per row, one cell chunk (or none) per column, in the order {@link subtotalGroups} saw them
 */
export function checkSubtotals(
  meanings: readonly ColumnMeaning[],
  rows: readonly { label: string; cells: readonly (Chunk | undefined)[] }[],
  groups: readonly SubtotalGroup[],
): SubtotalResult {
  const passed = meanings.map(() => 0);
  const failed = meanings.map(() => 0);
  const failures: string[] = [];
  const warnings: ExtractWarning[] = [];
  if (groups.length === 0) return { passed, failed, failures, warnings };
  let memo = outcomes.get(groups);
  if (!memo) outcomes.set(groups, (memo = new Map()));
  meanings.forEach((m, i) => {
    if (m.status !== 'read' || (m.metric !== 'exports_meur' && m.metric !== 'delta_meur')) return;
    const key = `${i}\u0001${m.metric}\u0001${m.label}`;
    let o = memo.get(key);
    if (!o) memo.set(key, (o = checkColumn(i, m.metric, m.label, rows, groups)));
    passed[i] = o.passed;
    failed[i] = o.failed;
    for (const f of o.failures) if (failures.length < 3) failures.push(f);
    warnings.push(...o.warnings);
  });
  return { passed, failed, failures, warnings };
}

function checkColumn(
  i: number,
  metric: 'exports_meur' | 'delta_meur',
  label: string,
  rows: readonly { label: string; cells: readonly (Chunk | undefined)[] }[],
  groups: readonly SubtotalGroup[],
): ColumnOutcome {
  let passed = 0;
  let failed = 0;
  const failures: string[] = [];
  const warnings: ExtractWarning[] = [];
  for (const g of groups) {
    const total = cellOf(rows[g.total]?.cells[i], i);
    if (!total) continue;
    const cells: Cell[] = [];
    const missing: string[] = [];
    for (const r of [...g.members.map((k) => rows[k]), ...g.elsewhere]) {
      const c = cellOf(r?.cells[i], i);
      if (c) cells.push(c);
      else missing.push(r?.label ?? '?');
    }
    const sum = cells.reduce((s, c) => s + c.value, 0);
    // A difference is often printed from the rounded levels rather than from the exact ones: its
    // rounding then carries both levels' rounding too (two more halves per row).
    const per = metric === 'delta_meur' ? 3 : 1;
    const tol = cells.reduce((s, c) => s + per * c.half, 0) + per * total.half + EPS;
    const gap = total.value - sum;
    const where = `"${rows[g.total]?.label ?? g.label}" in "${label}"`;
    if (Math.abs(gap) <= tol) {
      if (missing.length > 0) continue;
      // one member equals its subtotal whatever the column holds: no evidence
      if (cells.filter((c) => c.value !== 0).length >= 2) passed += 1;
      continue;
    }
    // Differences may be negative, so a member left out can explain a gap either way; levels
    // cannot be negative, so members above their subtotal are a misreading whatever is left out.
    const leftOut = [...missing, ...g.unlisted];
    const explicable = leftOut.length > 0 && (gap > 0 || metric === 'delta_meur');
    // a member printed "n.d." in this column (a district that joined this year has no level a
    // year earlier) is in the subtotal as the publisher computes it: expected, nothing to report
    if (explicable && g.unlisted.length === 0) continue;
    if (explicable) {
      warnings.push({
        kind: 'subtotal-includes-unlisted',
        message: `${where}: printed ${fmt(total.value)}, its ${cells.length} listed member(s) sum to ${fmt(sum)} (tolerance ±${fmt(tol)}); the gap may be ${leftOut.slice(0, 3).join(', ')}${leftOut.length > 3 ? ' …' : ''}, not printed in this column`,
      });
      continue;
    }
    failed += 1;
    if (failures.length < 3) {
      failures.push(`${where}: printed ${fmt(total.value)}, its ${cells.length} member(s) sum to ${fmt(sum)} (expected within ±${fmt(tol)}${gap < 0 ? '; members above their subtotal' : '; every member the registry knows is printed'})`);
    }
  }
  return { passed, failed, failures, warnings };
}

/**
 * Whether a sum that holds may confirm a column's inferred meaning: only when nothing about its
 * period was inferred (sums hold whatever period a level column is given), i.e. its only inference
 * is the unit taken from the caption (a period-only column in a €M table is a level, not a % change).
 */
export function confirmsInference(m: Extract<ColumnMeaning, { status: 'read' }>): boolean {
  return m.inferredPeriod !== true;
}
