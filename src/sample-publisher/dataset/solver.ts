/**
 * Moves a vector of quarterly levels (all > 0) as little as possible — in relative terms,
 * scaled per value by a mobility — until every range constraint holds (a level, a sum, a
 * ratio such as a yoy change). Three tools, all linear algebra on small dense systems:
 * - {@link solveLeastChange}: exact active-set least-change projection (the workhorse);
 * - {@link softFit}: a ridge-regularised version that lets contradictory constraints meet halfway;
 * - {@link solve}: cyclic projections (Kaczmarz / POCS), used to polish.
 * Deterministic: fixed order, no randomness.
 */

/** lo ≤ Σ coef·x[index] ≤ hi */
export interface SumConstraint {
  readonly type: 'sum';
  readonly id: string;
  readonly terms: readonly { readonly index: number; readonly coef: number }[];
  readonly lo: number;
  readonly hi: number;
}

/** lo ≤ Σ x[num] / Σ x[den] ≤ hi */
export interface RatioConstraint {
  readonly type: 'ratio';
  readonly id: string;
  readonly num: readonly number[];
  readonly den: readonly number[];
  readonly lo: number;
  readonly hi: number;
}

export type Constraint = SumConstraint | RatioConstraint;

export interface SolveResult {
  readonly x: Float64Array;
  readonly sweeps: number;
  /** Constraints still violated when the sweep budget ran out (empty on success). */
  readonly violated: readonly string[];
}

/**
 * Squared step weight of a value: (mobility · value)², i.e. minimising Σ (Δx / (m·x))², the
 * sum of squared *relative* changes. Within a sum this moves the big members most, which is
 * what shifting a total's mix (the weights behind a regional % change) needs. (A chi-square
 * metric m²·x, scaling members alike, leaves such mixes to the smallest free district.)
 */
function chiWeight(mobility: number, value: number): number {
  if (!(mobility > 0) || !(value > 0)) return 0;
  return (mobility * value) ** 2;
}

/** How far inside the violated bound a projection lands (fraction of the range): avoids ping-pong at the edge. */
const INWARD = 0.5;

function sumOf(x: Float64Array, idx: readonly number[]): number {
  let s = 0;
  for (const i of idx) s += x[i]!;
  return s;
}

/** The value the constraint measures and its bounds. */
function measure(c: Constraint, x: Float64Array): number {
  if (c.type === 'sum') {
    let s = 0;
    for (const t of c.terms) s += t.coef * x[t.index]!;
    return s;
  }
  return sumOf(x, c.num) / sumOf(x, c.den);
}

function inwardTarget(v: number, lo: number, hi: number): number | null {
  if (v >= lo && v <= hi) return null;
  const width = Number.isFinite(hi - lo) ? hi - lo : 0;
  if (v < lo) return lo + INWARD * width + (width === 0 ? Math.abs(lo) * 1e-9 + 1e-9 : 0);
  return hi - INWARD * width - (width === 0 ? Math.abs(hi) * 1e-9 + 1e-9 : 0);
}

/**
 * Moves x so that Σ coef·x = target, changing each movable x_i by λ·coef·w_i², with w the
 * starting values: a fixed metric (relative to where each value started), so the cyclic
 * projections converge onto the convex feasible set.
 */
function projectLinear(x: Float64Array, w2: Float64Array, terms: readonly { index: number; coef: number }[], target: number): void {
  let s = 0;
  let denom = 0;
  for (const t of terms) {
    s += t.coef * x[t.index]!;
    denom += t.coef * t.coef * w2[t.index]!;
  }
  if (denom === 0) return;
  const lambda = (target - s) / denom;
  for (const t of terms) x[t.index] = x[t.index]! + lambda * t.coef * w2[t.index]!;
}

function project(c: Constraint, x: Float64Array, w2: Float64Array): boolean {
  const v = measure(c, x);
  const target = inwardTarget(v, c.lo, c.hi);
  if (target === null) return false;
  if (c.type === 'sum') {
    projectLinear(x, w2, c.terms, target);
  } else {
    // N/D = r  ⇔  N − r·D = 0
    const terms = [...c.num.map((index) => ({ index, coef: 1 })), ...c.den.map((index) => ({ index, coef: -target }))];
    projectLinear(x, w2, terms, 0);
  }
  return true;
}

/** Value and bounds of each named constraint at x (diagnostics for infeasible data). */
export function describe(constraints: readonly Constraint[], x: Float64Array, ids: readonly string[]): string[] {
  return constraints.filter((c) => ids.includes(c.id)).map((c) => `${c.id}=${measure(c, x).toFixed(5)} ∉ [${c.lo.toFixed(5)}, ${c.hi.toFixed(5)}]`);
}

/** Whether every constraint holds at x. */
export function violations(constraints: readonly Constraint[], x: Float64Array): string[] {
  return constraints.filter((c) => {
    const v = measure(c, x);
    return !(v >= c.lo && v <= c.hi);
  }).map((c) => c.id);
}

/**
 * Cyclic projections of `start` (copied) onto the constraints. `mobility[i]` scales how readily x[i]
 * moves relative to its size: 0 freezes it, 1 is a free value, a small value (a quarter an
 * earlier note already printed) makes it move only where nothing else can.
 * @param maxSweeps sweep budget; a sweep visits every constraint once.
 */
export function solve(start: Float64Array, mobility: Float64Array, constraints: readonly Constraint[], maxSweeps = 20000): SolveResult {
  const x = Float64Array.from(start);
  const w2 = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    w2[i] = chiWeight(mobility[i]!, x[i]!);
  }
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    let moved = false;
    for (const c of constraints) moved = project(c, x, w2) || moved;
    if (!moved) return { x, sweeps: sweep, violated: [] };
  }
  return { x, sweeps: maxSweeps, violated: violations(constraints, x) };
}


/** A constraint as one linear equation Σ coef·x = rhs at a chosen target. */
function linearRow(c: Constraint, target: number): { terms: { index: number; coef: number }[]; rhs: number } {
  if (c.type === 'sum') return { terms: c.terms.map((t) => ({ index: t.index, coef: t.coef })), rhs: target };
  return { terms: [...c.num.map((index) => ({ index, coef: 1 })), ...c.den.map((index) => ({ index, coef: -target }))], rhs: 0 };
}

/** Narrow ranges (a figure printed to the decimal) are held at their centre from the start. */
function isNarrow(c: Constraint): boolean {
  return c.type === 'ratio' ? c.hi - c.lo < 0.002 : c.hi - c.lo <= 1;
}

/** Solves the dense system M·y = r (Gaussian elimination, partial pivoting). */
function solveDense(m: Float64Array[], r: Float64Array): Float64Array {
  const n = r.length;
  const a = m.map((row) => Float64Array.from(row));
  const b = Float64Array.from(r);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i]![k]!) > Math.abs(a[p]![k]!)) p = i;
    [a[k], a[p]] = [a[p]!, a[k]!];
    [b[k], b[p]] = [b[p]!, b[k]!];
    const piv = a[k]![k]!;
    if (Math.abs(piv) < 1e-300) continue;
    for (let i = k + 1; i < n; i++) {
      const f = a[i]![k]! / piv;
      if (f === 0) continue;
      for (let j = k; j < n; j++) a[i]![j]! -= f * a[k]![j]!;
      b[i]! -= f * b[k]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < n; j++) s -= a[i]![j]! * y[j]!;
    const piv = a[i]![i]!;
    y[i] = Math.abs(piv) < 1e-300 ? 0 : s / piv;
  }
  return y;
}

/**
 * A soft fit: the weighted-least-change x that brings every constraint close to `target(c)`
 * without insisting — x = start + W²Aᵀλ with (A·W²·Aᵀ + ε·diag)·λ = b − A·start. The ridge ε
 * lets contradictory constraints (figures from different vintages) meet halfway instead of
 * blowing up. Values are kept above `floor`·start.
 */
export function softFit(start: Float64Array, mobility: Float64Array, constraints: readonly Constraint[], target: (c: Constraint) => number, ridge = 0.05, floor = 0.3): Float64Array {
  const w2 = new Float64Array(start.length);
  for (let i = 0; i < start.length; i++) {
    w2[i] = chiWeight(mobility[i]!, start[i]!);
  }
  const rows = constraints.map((c) => linearRow(c, target(c)));
  const { lambda, dense } = solveRows(rows, start, w2, ridge);
  const x = Float64Array.from(start);
  for (let i = 0; i < rows.length; i++) for (const [j, c] of dense[i]!) x[j] = x[j]! + lambda[i]! * c * w2[j]!;
  for (let i = 0; i < x.length; i++) if (mobility[i]! > 0 && x[i]! < floor * start[i]!) x[i] = floor * start[i]!;
  return x;
}

function solveRows(rows: readonly { terms: { index: number; coef: number }[]; rhs: number }[], start: Float64Array, w2: Float64Array, ridge: number): { lambda: Float64Array; dense: Map<number, number>[] } {
  const m = rows.length;
  const gram = Array.from({ length: m }, () => new Float64Array(m));
  const rhs = new Float64Array(m);
  const dense = rows.map((r) => {
    const d = new Map<number, number>();
    for (const t of r.terms) d.set(t.index, (d.get(t.index) ?? 0) + t.coef);
    return d;
  });
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (const [j, c] of dense[i]!) s += c * start[j]!;
    rhs[i] = rows[i]!.rhs - s;
    for (let k = i; k < m; k++) {
      let g = 0;
      const [small, large] = dense[i]!.size <= dense[k]!.size ? [dense[i]!, dense[k]!] : [dense[k]!, dense[i]!];
      for (const [j, c] of small) {
        const c2 = large.get(j);
        if (c2 !== undefined) g += c * c2 * w2[j]!;
      }
      gram[i]![k] = g;
      gram[k]![i] = g;
    }
  }
  for (let i = 0; i < m; i++) gram[i]![i]! += ridge * gram[i]![i]! + 1e-12;
  return { lambda: solveDense(gram, rhs), dense };
}

/**
 * The smallest weighted change of `start` that puts every constraint in range: an
 * active-set least-norm projection. Narrow constraints are held at their centre; a wide one
 * joins (at a point just inside its violated bound) when the current solution breaks it.
 * Each round solves (A·W²·Aᵀ)·λ = b − A·start exactly (W = mobility · start), so tightly
 * coupled figures (a sector's % change and its members') are met at once, where cyclic
 * projections would crawl. Finishes with cyclic projections from the result in case
 * rounding left a constraint a hair outside.
 */
export function solveLeastChange(start: Float64Array, mobility: Float64Array, constraints: readonly Constraint[], maxRounds = 40): SolveResult {
  const w2 = new Float64Array(start.length);
  for (let i = 0; i < start.length; i++) {
    w2[i] = chiWeight(mobility[i]!, start[i]!);
  }
  const targets = new Map<Constraint, number>();
  for (const c of constraints) if (isNarrow(c)) targets.set(c, (c.lo + c.hi) / 2);
  let x = Float64Array.from(start);
  for (let round = 0; round < maxRounds; round++) {
    const active = [...targets.entries()];
    const rows = active.map(([c, t]) => linearRow(c, t));
    const m = rows.length;
    // A tiny ridge keeps redundant rows (a total pinned twice) solvable.
    const { lambda, dense } = solveRows(rows, start, w2, 1e-9);
    x = Float64Array.from(start);
    for (let i = 0; i < m; i++) for (const [j, c] of dense[i]!) x[j] = x[j]! + lambda[i]! * c * w2[j]!;
    let added = false;
    for (const c of constraints) {
      if (targets.has(c)) continue;
      const v = measure(c, x);
      if (v >= c.lo && v <= c.hi) continue;
      const t = inwardTarget(v, c.lo, c.hi);
      if (t !== null) {
        targets.set(c, t);
        added = true;
      }
    }
    if (!added) break;
  }
  if (violations(constraints, x).length === 0) return { x, sweeps: 0, violated: [] };
  // Polish with cyclic projections (relative to the original start's metric).
  const polished = solve(x, mobility.map((mm, i) => (mm > 0 && x[i]! > 0 ? (mm * start[i]!) / x[i]! : 0)), constraints, 20000);
  return polished;
}
