import type { Sector } from '../../domain/registry/index.ts';
import { EMILIA_ROMAGNA } from '../../domain/registry/index.ts';
import { normal } from './rng.ts';

/**
 * The latent ("true") quarterly exports of every district and hub before any published
 * figure is imposed: a yearly path per sector (trend and the big episodes: the 2012
 * Emilia earthquake for Mirandola, the 2020 pandemic fall and the 2021–22 rebound), an
 * entity scale (annual €M in 2019), sector seasonality and seeded noise. The solver then
 * bends it through every published figure (see vintages.ts).
 */

/** First and last modelled quarter (inclusive): early enough for Mirandola 2012Q2 and its yoy. */
export const FIRST_YEAR = 2011;
export const LAST_YEAR = 2025;
export const LAST_QUARTER = 2;
export const Q0 = FIRST_YEAR * 4;
export const NQ = (LAST_YEAR - FIRST_YEAR) * 4 + LAST_QUARTER;

/** Districts and hubs (no aggregates), in registry order: the model's entities. */
export const BASE_ENTITIES = EMILIA_ROMAGNA.entities.filter((e) => e.kind !== 'aggregato');
export const BASE_INDEX: ReadonlyMap<string, number> = new Map(BASE_ENTITIES.map((e, i) => [e.name, i]));

/**
 * Annual exports in 2019, €M. Orders of magnitude from the published levels (e.g. Meccatronica
 * 2022 ≈ 4,8 mld, Piastrelle 2022 ≥ 4,5 mld, imballaggio 2017Q1 = 535,2, poli 2021 ≈ 1,3 mld);
 * the solver adjusts them to every published figure.
 */
const LEVEL_2019: Readonly<Record<string, number>> = {
  'Biomedicale di Mirandola': 372,
  'Biomedicale di Bologna': 255,
  'ICT di Bologna e Modena': 560,
  'Meccatronica di Reggio Emilia': 4150,
  "Macchine per l'imballaggio di Bologna": 2150,
  'Food machinery di Parma': 1250,
  'Macchine agricole di Modena e Reggio Emilia': 520,
  'Ciclomotori di Bologna': 560,
  'Macchine per il legno di Rimini': 420,
  'Macchine utensili di Piacenza': 210,
  "Macchine per l'industria ceramica di Modena e Reggio Emilia": 260,
  'Alimentare di Parma': 1000,
  'Salumi di Parma': 390,
  'Salumi del modenese': 520,
  'Salumi di Reggio Emilia': 230,
  'Lattiero-caseario parmense': 250,
  'Lattiero-caseario di Reggio Emilia': 300,
  'Ortofrutta romagnola': 600,
  'Maglieria e abbigliamento di Carpi': 550,
  'Abbigliamento di Rimini': 480,
  'Calzature di San Mauro Pascoli': 300,
  'Piastrelle di Sassuolo': 3100,
  'Mobili imbottiti di Forlì': 230,
};

/** Year-on-year growth of annual exports by sector, 2012…2025 (fractions). */
const SECTOR_GROWTH: Readonly<Record<Exclude<Sector, 'Totale'>, readonly number[]>> = {
  //                  2012  2013  2014  2015  2016  2017  2018  2019   2020  2021  2022  2023   2024   2025
  Meccanica:        [0.02, 0.01, 0.03, 0.04, 0.01, 0.06, 0.03, -0.01, -0.12, 0.18, 0.10, 0.08, -0.06, -0.02],
  'Agro-alimentare': [0.04, 0.04, 0.03, 0.05, 0.04, 0.05, 0.03, 0.04, 0.03, 0.10, 0.15, 0.08, 0.07, 0.05],
  'Sistema moda':   [0.01, 0.0, 0.02, 0.01, -0.01, -0.03, 0.01, 0.0, -0.2, 0.15, 0.1, -0.1, -0.07, -0.03],
  'Sistema casa':   [0.03, 0.02, 0.04, 0.05, 0.05, 0.02, -0.02, 0.01, -0.08, 0.25, 0.15, -0.13, -0.03, 0.0],
  'Poli tecnologici': [0.02, 0.03, 0.05, 0.08, 0.04, 0.05, 0.05, 0.03, -0.07, 0.15, 0.1, 0.06, 0.05, 0.03],
};

/** Share of the year in each quarter (sums to 1). */
const SEASONALITY: Readonly<Record<Exclude<Sector, 'Totale'>, readonly [number, number, number, number]>> = {
  Meccanica: [0.24, 0.265, 0.225, 0.27],
  'Agro-alimentare': [0.235, 0.25, 0.245, 0.27],
  'Sistema moda': [0.27, 0.22, 0.285, 0.225],
  'Sistema casa': [0.255, 0.265, 0.225, 0.255],
  'Poli tecnologici': [0.245, 0.26, 0.23, 0.265],
};

/**
 * 2020 within-year profile (mean ≈ 1): the spring lockdown (published regional −25,5% in
 * 2020Q2) then the rebound. Food held up far better than fashion.
 */
const PANDEMIC_2020: Readonly<Record<Exclude<Sector, 'Totale'>, readonly [number, number, number, number]>> = {
  Meccanica: [1.07, 0.8, 1.04, 1.09],
  'Agro-alimentare': [1.02, 0.95, 1.0, 1.03],
  'Sistema moda': [1.12, 0.62, 1.12, 1.14],
  'Sistema casa': [1.08, 0.78, 1.06, 1.08],
  'Poli tecnologici': [1.04, 0.88, 1.02, 1.06],
};

/** The May 2012 earthquake hit Mirandola's plants: the published 2012Q2 is −39,2%. */
const MIRANDOLA_2012: readonly [number, number, number, number] = [1.0, 0.62, 0.72, 0.85];

function sectorOf(name: string): Exclude<Sector, 'Totale'> {
  const e = BASE_ENTITIES.find((x) => x.name === name);
  if (!e || e.sector === 'Totale') throw new RangeError(`not a modelled entity: ${name}`);
  return e.sector;
}

/** What the published figures say about growth and size, as hints for the latent model. */
export interface ModelHints {
  /** yoy % by `entity|period` (any vintage; the first one seen wins). */
  readonly yoy: ReadonlyMap<string, number>;
  /** Published levels by `entity|period` (€M). */
  readonly level: ReadonlyMap<string, number>;
}

/** Aggregates whose growth stands in for a district or hub without its own figure. */
function fallbackAggregates(name: string): string[] {
  const e = BASE_ENTITIES.find((x) => x.name === name)!;
  if (e.kind === 'polo') return ['Totale poli tecnologici Emilia-Romagna'];
  return [`${e.sector} (distretti ER)`, 'Totale distretti Emilia-Romagna'];
}

/**
 * Annual growth of an entity in a year: its own annual, Jan–Sep or H1 yoy, else its sector's or
 * the regional total's, else the mean of its own (or its aggregates') quarterly yoy. A single
 * quarter says little about a year, so it comes last.
 */
function annualGrowthHint(hints: ModelHints, name: string, year: number): number | undefined {
  const who = [name, ...fallbackAggregates(name)];
  for (const w of who) {
    for (const p of [`${year}`, `${year}M01-09`, `${year}M01-06`]) {
      const v = hints.yoy.get(`${w}|${p}`);
      if (v !== undefined) return v / 100;
    }
  }
  for (const w of who) {
    const qs = [1, 2, 3, 4].map((q) => hints.yoy.get(`${w}|${year}Q${q}`)).filter((v): v is number => v !== undefined);
    if (qs.length > 0) return qs.reduce((a, b) => a + b, 0) / qs.length / 100;
  }
  return undefined;
}

/** A quarter's yoy: the entity's own figure, or in the pandemic years its aggregates' (the shape of the fall). */
function quarterGrowthHint(hints: ModelHints, name: string, year: number, q: number): number | undefined {
  const own = hints.yoy.get(`${name}|${year}Q${q}`);
  if (own !== undefined) return own / 100;
  if (year !== 2020 && year !== 2021) return undefined;
  for (const who of fallbackAggregates(name)) {
    const v = hints.yoy.get(`${who}|${year}Q${q}`);
    if (v !== undefined) return v / 100;
  }
  return undefined;
}

/**
 * Latent quarterly levels (€M), indexed `[entity][quarter − Q0]`. Deterministic in `seed`.
 * Annual growth follows the published yoy figures of the entity (or of its sector, or of the
 * regional total) and otherwise the sector path; a quarter with its own published yoy takes
 * it; the size is scaled to the entity's published levels, and districts without any to the
 * published regional totals.
 */
export function latentSeries(seed: string, hints: ModelHints = { yoy: new Map(), level: new Map() }): Float64Array[] {
  const series = BASE_ENTITIES.map((e) => {
    const sector = sectorOf(e.name);
    const growth = SECTOR_GROWTH[sector];
    const level2019 = LEVEL_2019[e.name];
    if (level2019 === undefined) throw new RangeError(`no 2019 level for ${e.name}`);
    const g = (y: number): number =>
      annualGrowthHint(hints, e.name, y) ?? (growth[y - 2012] ?? 0) + 0.03 * normal(seed, `growth|${e.name}|${y}`);
    // Annual path anchored at 2019.
    const annual = new Map<number, number>([[2019, level2019]]);
    for (let y = 2020; y <= LAST_YEAR + 1; y++) annual.set(y, annual.get(y - 1)! * (1 + g(y)));
    for (let y = 2018; y >= FIRST_YEAR; y--) annual.set(y, annual.get(y + 1)! / (1 + g(y + 1)));
    // Small districts are lumpier.
    const noiseSd = level2019 < 400 ? 0.03 : 0.015;
    const out = new Float64Array(NQ);
    for (let i = 0; i < NQ; i++) {
      const qi = Q0 + i;
      const year = Math.floor(qi / 4);
      const q = qi % 4;
      const hinted = i >= 4 ? quarterGrowthHint(hints, e.name, year, q + 1) : undefined;
      if (hinted !== undefined) {
        out[i] = out[i - 4]! * (1 + hinted);
        continue;
      }
      // Within the year, drift towards next year's level so quarters do not jump at New Year.
      const drift = Math.pow(annual.get(year + 1)! / annual.get(year)!, (q - 1.5) / 4);
      let v = annual.get(year)! * SEASONALITY[sector][q]! * drift;
      if (year === 2020) v *= PANDEMIC_2020[sector][q]!;
      if (year === 2012 && e.name === 'Biomedicale di Mirandola') v *= MIRANDOLA_2012[q]!;
      v *= 1 + noiseSd * normal(seed, `noise|${e.name}|${qi}`);
      out[i] = v;
    }
    return out;
  });
  scaleToLevels(series, hints);
  return series;
}

function periodSum(row: Float64Array, period: string): number | undefined {
  const m = /^(\d{4})(?:Q([1-4])|M01-(\d{2}))?$/.exec(period);
  if (!m) return undefined;
  const year = Number(m[1]);
  const [q0, q1] = m[2] ? [Number(m[2]), Number(m[2])] : m[3] ? [1, Number(m[3]) / 3] : [1, 4];
  let s = 0;
  for (let q = q0; q <= q1; q++) {
    const v = row[year * 4 + q - 1 - Q0];
    if (v === undefined) return undefined;
    s += v;
  }
  return s;
}

/** Middle of a period on the quarter-index axis (2019Q1 = 2019·4). */
function periodMid(period: string): number | undefined {
  const m = /^(\d{4})(?:Q([1-4])|M01-(\d{2}))?$/.exec(period);
  if (!m) return undefined;
  const year = Number(m[1]);
  const [q0, q1] = m[2] ? [Number(m[2]), Number(m[2])] : m[3] ? [1, Number(m[3]) / 3] : [1, 4];
  return year * 4 + (q0 + q1) / 2 - 1;
}

/**
 * Scales each entity through its published levels: the log ratio published/latent at each
 * anchor, interpolated linearly in time between anchors (flat outside), multiplies the
 * series — so the model passes near every level without a jump. Districts without any level
 * share what the published regional totals leave.
 */
function scaleToLevels(series: Float64Array[], hints: ModelHints): void {
  const anchored = new Set<number>();
  BASE_ENTITIES.forEach((e, k) => {
    const anchors: { t: number; r: number }[] = [];
    for (const [key, level] of hints.level) {
      const [name, period] = key.split('|') as [string, string];
      if (name !== e.name) continue;
      const s = periodSum(series[k]!, period);
      const t = periodMid(period);
      if (s && s > 0 && t !== undefined) anchors.push({ t, r: Math.log(level / s) });
    }
    if (anchors.length === 0) return;
    anchors.sort((a, b) => a.t - b.t || a.r - b.r);
    const at = (t: number): number => {
      if (t <= anchors[0]!.t) return anchors[0]!.r;
      for (let i = 1; i < anchors.length; i++) {
        const a = anchors[i - 1]!;
        const b = anchors[i]!;
        if (t <= b.t) return b.t === a.t ? b.r : a.r + ((b.r - a.r) * (t - a.t)) / (b.t - a.t);
      }
      return anchors.at(-1)!.r;
    };
    series[k] = series[k]!.map((v, i) => v * Math.exp(at(Q0 + i)));
    anchored.add(k);
  });
  // Unanchored districts share what the published regional totals leave (2019 with Meccatronica, 2017Q1 without).
  const districts = BASE_ENTITIES.map((e, k) => ({ e, k })).filter((x) => x.e.kind === 'distretto');
  const logs: number[] = [];
  for (const [period, withMecc] of [['2019', true], ['2023', true], ['2022', true], ['2017Q1', false]] as const) {
    const total = hints.level.get(`Totale distretti Emilia-Romagna|${period}`);
    if (total === undefined) continue;
    let fixed = 0;
    let free = 0;
    for (const { e, k } of districts) {
      if (!withMecc && e.name === 'Meccatronica di Reggio Emilia') continue;
      if (withMecc && period !== '2019' && e.name.startsWith("Macchine per l'industria ceramica")) continue;
      const s = periodSum(series[k]!, period) ?? 0;
      if (anchored.has(k)) fixed += s;
      else free += s;
    }
    if (free > 0 && total > fixed) logs.push(Math.log((total - fixed) / free));
  }
  if (logs.length === 0) return;
  const f = Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length);
  for (const { k } of districts) if (!anchored.has(k)) series[k] = series[k]!.map((v) => v * f);
}
