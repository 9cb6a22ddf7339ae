import { quarterFromIndex, quarterIndex } from '../../domain/period.ts';
import { DatasetError } from './errors.ts';
import type { GrowthCountFact, PublishedFact, PublishedFacts, SignFact } from './facts.ts';
import type { ModelHints } from './model.ts';
import { BASE_ENTITIES, BASE_INDEX, LAST_QUARTER, LAST_YEAR, NQ, Q0, latentSeries } from './model.ts';
import { normal, uniform } from './rng.ts';
import { componentsOf, lastQuarterOf, quartersOf } from './scope.ts';
import type { Constraint } from './solver.ts';
import { describe, softFit, solveLeastChange } from './solver.ts';

/**
 * Vintages: what each release "knew". The base vintage holds every quarter up to 2017Q4
 * (the series before the archive, and the previous-year columns of the 2018 notes). A
 * release (Y, Q) holds the quarters (Y−1)Q1 … YQn: it inherits them from the release
 * before it with small seeded revisions (larger in each year's first note, when ISTAT
 * revises the previous year), adds its new quarter from the latent model (pre-fitted to all
 * published figures), and is then moved — as little as possible, new quarters more readily
 * than restated ones — through every published figure it first printed. A figure pins only
 * its own vintage; later vintages may revise it.
 */
export interface Vintage {
  /** `base` or the release id `er-YYYYQn`. */
  readonly id: string;
  readonly refYear: number;
  readonly refQuarter: number;
  /** Quarter indices covered, inclusive. */
  readonly first: number;
  readonly last: number;
  /** Levels €M, `[entity · NQ + (quarterIndex − Q0)]`; NaN outside [first, last] (and 2019 in 2021–22 notes). */
  readonly values: Float64Array;
}

export interface VintageSet {
  readonly base: Vintage;
  /** Releases oldest first. */
  readonly releases: readonly Vintage[];
  readonly latent: readonly Float64Array[];
}

/** Solver bounds: a margin inside the printing tolerance so one-decimal rounding never flips a figure. */
function factBounds(f: PublishedFact): { lo: number; hi: number } {
  const v = f.value;
  const ratio = f.metric === 'yoy_pct' || f.metric === 'vs2019_pct';
  const scale = (a: number, b: number) => (ratio ? { lo: 1 + a / 100, hi: 1 + b / 100 } : { lo: a, hi: b });
  switch (f.precision.kind) {
    case 'exact':
      return scale(v - 0.035, v + 0.035);
    case 'rounded':
      return scale(v - 0.45 * f.precision.unit, v + 0.45 * f.precision.unit);
    case 'lowerBound':
      return scale(v + 0.05 * f.precision.unit + 0.05, v + 0.95 * f.precision.unit);
  }
}

const cell = (e: number, qi: number): number => e * NQ + (qi - Q0);

function cells(components: readonly number[], quarters: readonly number[]): number[] {
  const out: number[] = [];
  for (const e of components) for (const q of quarters) out.push(cell(e, q));
  return out;
}

/** Membership quarter of a vintage's facts: the release's, or for the base vintage the fact's own. */
function membershipFor(v: Pick<Vintage, 'id' | 'refYear' | 'refQuarter'>, period: string): { year: number; quarter: number } {
  return v.id === 'base' ? lastQuarterOf(period) : { year: v.refYear, quarter: v.refQuarter };
}

function factConstraint(v: Vintage, f: PublishedFact): Constraint {
  const m = membershipFor(v, f.period);
  const comps = componentsOf(f.entity, m.year, m.quarter);
  const cur = cells(comps, quartersOf(f.period));
  const { lo, hi } = factBounds(f);
  switch (f.metric) {
    case 'exports_meur':
      return { type: 'sum', id: f.id, terms: cur.map((index) => ({ index, coef: 1 })), lo, hi };
    case 'delta_meur': {
      const prev = cells(comps, quartersOf(f.period, -1));
      return { type: 'sum', id: f.id, terms: [...cur.map((index) => ({ index, coef: 1 })), ...prev.map((index) => ({ index, coef: -1 }))], lo, hi };
    }
    case 'yoy_pct':
      return { type: 'ratio', id: f.id, num: cur, den: cells(comps, quartersOf(f.period, -1)), lo, hi };
    case 'vs2019_pct': {
      const y = Number(f.period.slice(0, 4));
      return { type: 'ratio', id: f.id, num: cur, den: cells(comps, quartersOf(f.period, 2019 - y)), lo, hi };
    }
  }
}

/** "Growing" = printed yoy ≥ +0,1; "not growing" = printed ≤ −0,1. */
const GROWING = 1.0008;
const SHRINKING = 0.9992;

function signConstraint(v: Vintage, id: string, entity: string, period: string, sign: 1 | -1): Constraint {
  const m = membershipFor(v, period);
  const comps = componentsOf(entity, m.year, m.quarter);
  const num = cells(comps, quartersOf(period));
  const den = cells(comps, quartersOf(period, -1));
  return sign > 0 ? { type: 'ratio', id, num, den, lo: GROWING, hi: Infinity } : { type: 'ratio', id, num, den, lo: -Infinity, hi: SHRINKING };
}

/**
 * "N of M growing": the districts whose yoy a published figure fixes count as they are; the
 * others are told to grow or fall so the count comes out right — those the starting point
 * already ranks highest grow.
 */
function countConstraints(v: Vintage, g: GrowthCountFact, facts: readonly PublishedFact[], start: Float64Array): Constraint[] {
  const m = membershipFor(v, g.period);
  const districts = componentsOf('Totale distretti Emilia-Romagna', m.year, m.quarter);
  if (districts.length !== g.of) {
    throw new DatasetError('DATASET_INFEASIBLE', `${g.id}: the note counts ${g.of} districts, the registry has ${districts.length} members in ${m.year}Q${m.quarter}`, { fact: g.id });
  }
  let pinnedGrowing = 0;
  const free: { e: number; yoy: number }[] = [];
  for (const e of districts) {
    const name = BASE_ENTITIES[e]!.name;
    const pin = facts.find((f) => f.entity === name && f.period === g.period && f.metric === 'yoy_pct');
    if (pin) {
      if (pin.value > 0) pinnedGrowing += 1;
      continue;
    }
    const yoy = sumOf(start, cells([e], quartersOf(g.period))) / sumOf(start, cells([e], quartersOf(g.period, -1)));
    free.push({ e, yoy });
  }
  const need = g.growing - pinnedGrowing;
  if (need < 0 || need > free.length) {
    throw new DatasetError('DATASET_INFEASIBLE', `${g.id}: ${g.growing} growing of ${g.of}, but published yoy figures already give ${pinnedGrowing} growing and leave ${free.length} free`, { fact: g.id });
  }
  free.sort((a, b) => b.yoy - a.yoy || a.e - b.e);
  return free.map((f, rank) => signConstraint(v, `${g.id}:${BASE_ENTITIES[f.e]!.name}`, BASE_ENTITIES[f.e]!.name, g.period, rank < need ? 1 : -1));
}

function sumOf(x: Float64Array, idx: readonly number[]): number {
  let s = 0;
  for (const i of idx) s += x[i]!;
  return s;
}

/** Entity-quarters whose level a published figure states: never revised at random. */
function publishedLevelCells(facts: readonly PublishedFact[]): Set<number> {
  const out = new Set<number>();
  for (const f of facts) {
    const e = BASE_INDEX.get(f.entity);
    if (f.metric !== 'exports_meur' || e === undefined || !/Q\d$/.test(f.period)) continue;
    for (const q of quartersOf(f.period)) out.add(cell(e, q));
  }
  return out;
}

/**
 * Seeded revision of a restated quarter: in a year's first note the previous year is revised
 * (σ 0,5%); otherwise 60% of quarters stand and the rest move a little (σ 0,2%).
 */
function revision(seed: string, releaseId: string, entity: string, qi: number, yearTurn: boolean): number {
  const key = `${releaseId}|${entity}|${qi}`;
  if (yearTurn) return 0.005 * normal(seed, `rev|${key}`);
  return uniform(seed, `revp|${key}`) < 0.6 ? 0 : 0.002 * normal(seed, `rev|${key}`);
}

/**
 * The figures a vintage must print: those it first printed, and in 2018 the 2017 levels
 * published before the archive (its previous-year columns).
 */
function factsOfVintage(v: Vintage, pf: PublishedFacts): PublishedFact[] {
  return pf.facts.filter(
    (f) =>
      (f.releaseId ?? 'base') === v.id ||
      (v.refYear === 2018 && f.releaseId === null && f.metric === 'exports_meur' && f.period === `2017Q${v.refQuarter}`),
  );
}

function solveVintage(v: Vintage, start: Float64Array, movable: Float64Array, pf: PublishedFacts): Float64Array {
  const own = factsOfVintage(v, pf);
  const constraints: Constraint[] = own.map((f) => factConstraint(v, f));
  for (const s of pf.signs.filter((x: SignFact) => x.releaseId === v.id)) constraints.push(signConstraint(v, s.id, s.entity, s.period, s.sign));
  for (const g of pf.growthCounts.filter((x) => (x.releaseId ?? 'base') === v.id)) constraints.push(...countConstraints(v, g, own, start));
  // Levels stay positive and plausible: no quarter below a quarter of its starting value.
  const touched = new Set<number>();
  for (const c of constraints) for (const i of c.type === 'sum' ? c.terms.map((t) => t.index) : [...c.num, ...c.den]) touched.add(i);
  for (const c of [...touched].sort((a, b) => a - b)) {
    if (movable[c]! > 0) constraints.push({ type: 'sum', id: `floor:${c}`, terms: [{ index: c, coef: 1 }], lo: 0.25 * start[c]!, hi: Infinity });
  }
  // Plausibility: no district or hub more than halves or grows 2,6-fold in a year unless a
  // published figure of that very quarter says so (least squares would otherwise let one
  // small free district absorb a whole total's residual). Dropped if it cannot hold.
  const plausible = plausibilityConstraints(v, own, movable);
  let r = solveLeastChange(start, movable, [...constraints, ...plausible]);
  if (r.violated.length > 0) r = solveLeastChange(start, movable, constraints);
  if (r.violated.length > 0) {
    throw new DatasetError(
      'DATASET_INFEASIBLE',
      `vintage ${v.id}: ${r.violated.length} published figures cannot all hold: ${describe(constraints, r.x, r.violated).join('; ')} — relax one (facts.ts) or fix the data`,
      { releaseId: v.id, violated: r.violated },
    );
  }
  return r.x;
}

/** Year-on-year bounds for every quarter of the vintage no published quarterly yoy pins. */
function plausibilityConstraints(v: Vintage, own: readonly PublishedFact[], movable: Float64Array): Constraint[] {
  const pinned = new Set(own.filter((f) => f.metric === 'yoy_pct' && /Q\d$/.test(f.period)).map((f) => `${f.entity}|${f.period}`));
  const out: Constraint[] = [];
  BASE_ENTITIES.forEach((e, k) => {
    for (let qi = v.first + 4; qi <= v.last; qi++) {
      const cur = cell(k, qi);
      const prev = cell(k, qi - 4);
      if (Number.isNaN(v.values[cur]!) || Number.isNaN(v.values[prev]!) || !(movable[cur]! > 0 || movable[prev]! > 0)) continue;
      const { year, quarter } = quarterFromIndex(qi);
      if (pinned.has(`${e.name}|${year}Q${quarter}`)) continue;
      out.push({ type: 'ratio', id: `plausible:${e.name}:${year}Q${quarter}`, num: [cur], den: [prev], lo: 0.5, hi: 2.6 });
    }
  });
  return out;
}

/** 2019 as restated by the latest 2021–22 note before this one, if any. */
function prev2019(releases: readonly Vintage[], c: number): number | undefined {
  for (let i = releases.length - 1; i >= 0; i--) {
    const v = releases[i]!.values[c]!;
    if (!Number.isNaN(v)) return v;
  }
  return undefined;
}

/** How readily a quarter an earlier note printed is restated, relative to a new quarter. */
const RESTATED_MOBILITY = 0.5;

/**
 * Bends the latent model towards every published figure at once (all vintages merged) with a
 * soft least-change fit, so that each vintage later starts close to what it must print and
 * revisions stay small. Contradictions between vintages meet halfway; each vintage then
 * enforces its own figures exactly.
 */
function prefit(latent: readonly Float64Array[], pf: PublishedFacts): Float64Array[] {
  const n = BASE_ENTITIES.length;
  const x = new Float64Array(n * NQ);
  latent.forEach((row, e) => x.set(row, e * NQ));
  const constraints: Constraint[] = pf.facts.map((f) => {
    const m = f.releaseId ? /er-(\d{4})Q(\d)/.exec(f.releaseId)! : null;
    const pseudo: Vintage = m
      ? { id: f.releaseId!, refYear: Number(m[1]), refQuarter: Number(m[2]), first: Q0, last: Q0 + NQ - 1, values: x }
      : { id: 'base', refYear: 2017, refQuarter: 4, first: Q0, last: Q0 + NQ - 1, values: x };
    return factConstraint(pseudo, f);
  });
  const fitted = softFit(x, new Float64Array(x.length).fill(1), constraints, (c) => (Number.isFinite(c.hi) ? (c.lo + c.hi) / 2 : c.lo));
  return latent.map((_, e) => fitted.slice(e * NQ, (e + 1) * NQ));
}

/** Growth and size hints for the latent model from the published figures (first vintage seen wins). */
function modelHints(pf: PublishedFacts): ModelHints {
  const yoy = new Map<string, number>();
  const level = new Map<string, number>();
  for (const f of pf.facts) {
    const k = `${f.entity}|${f.period}`;
    if (f.metric === 'yoy_pct' && !yoy.has(k)) yoy.set(k, f.value);
    if (f.metric === 'exports_meur' && !level.has(k)) level.set(k, f.value);
  }
  // A € change with a % change fixes both levels: Δ/g a year earlier, Δ(1+g)/g now.
  for (const f of pf.facts) {
    if (f.metric !== 'delta_meur') continue;
    const k = `${f.entity}|${f.period}`;
    const g = (yoy.get(k) ?? Number.NaN) / 100;
    if (!(Math.abs(g) > 0.005)) continue;
    const prevKey = `${f.entity}|${Number(f.period.slice(0, 4)) - 1}${f.period.slice(4)}`;
    if (!level.has(prevKey)) level.set(prevKey, f.value / g);
    if (!level.has(k)) level.set(k, (f.value * (1 + g)) / g);
  }
  return { yoy, level };
}

/** Builds every vintage. Pure and deterministic in (facts, seed). */
export function buildVintages(pf: PublishedFacts, seed: string): VintageSet {
  const latent = prefit(latentSeries(seed, modelHints(pf)), pf);
  const n = BASE_ENTITIES.length;
  // Base vintage: everything up to 2017Q4.
  const baseLast = quarterIndex(2017, 4);
  const base0 = new Float64Array(n * NQ).fill(Number.NaN);
  const baseMovable = new Float64Array(n * NQ);
  for (let e = 0; e < n; e++) {
    for (let qi = Q0; qi <= baseLast; qi++) {
      base0[cell(e, qi)] = latent[e]![qi - Q0]!;
      baseMovable[cell(e, qi)] = 1;
    }
  }
  const baseShell: Vintage = { id: 'base', refYear: 2017, refQuarter: 4, first: Q0, last: baseLast, values: base0 };
  const base: Vintage = { ...baseShell, values: solveVintage(baseShell, base0, baseMovable, pf) };

  const fixedLevels = publishedLevelCells(pf.facts);
  const releases: Vintage[] = [];
  let prev = base;
  let v2019: Vintage | undefined;
  for (let year = 2018; year <= LAST_YEAR; year++) {
    for (let quarter = 1; quarter <= 4; quarter++) {
      if (year === LAST_YEAR && quarter > LAST_QUARTER) break;
      const id = `er-${year}Q${quarter}`;
      const first = quarterIndex(year - 1, 1);
      const last = quarterIndex(year, quarter);
      const start = new Float64Array(n * NQ).fill(Number.NaN);
      const movable = new Float64Array(n * NQ);
      for (let e = 0; e < n; e++) {
        const name = BASE_ENTITIES[e]!.name;
        for (let qi = first; qi <= last; qi++) {
          const c = cell(e, qi);
          const before = prev.values[c]!;
          if (!Number.isNaN(before)) {
            const r = fixedLevels.has(c) ? 0 : revision(seed, id, name, qi, quarter === 1);
            start[c] = before * (1 + r);
            movable[c] = RESTATED_MOBILITY;
          } else {
            // The new quarter: the (pre-fitted) latent model.
            start[c] = latent[e]![qi - Q0]!;
            movable[c] = 1;
          }
        }
        // 2021–22 notes compare with 2019: start from 2019 as last restated (the 2020Q4 note),
        // restated again where their vs-2019 figures require it.
        if ((year === 2021 || year === 2022) && v2019) {
          for (let qi = quarterIndex(2019, 1); qi <= quarterIndex(2019, 4); qi++) {
            const c = cell(e, qi);
            start[c] = prev2019(releases, c) ?? v2019.values[c]!;
            movable[c] = RESTATED_MOBILITY;
          }
        }
      }
      const shell: Vintage = { id, refYear: year, refQuarter: quarter, first, last, values: start };
      const solved: Vintage = { ...shell, values: solveVintage(shell, start, movable, pf) };
      releases.push(solved);
      if (id === 'er-2020Q4') v2019 = solved;
      prev = solved;
    }
  }
  return { base, releases, latent };
}

/** Level of an entity (district, hub or aggregate) over a period in a vintage, membership of (year, quarter). */
export function levelIn(v: Vintage, entity: string, period: string, membership: { year: number; quarter: number }, yearShift = 0): number {
  const comps = componentsOf(entity, membership.year, membership.quarter);
  return sumOf(v.values, cells(comps, quartersOf(period, yearShift)));
}

export { cell };
