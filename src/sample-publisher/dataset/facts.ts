import type { EntityKind, Metric } from '../../domain/metric.ts';
import { parsePeriodCode } from '../../domain/period.ts';
import { EMILIA_ROMAGNA } from '../../domain/registry/index.ts';
import { parseCsvRecords } from './csv.ts';
import { DatasetError } from './errors.ts';

/**
 * How exactly a release must reproduce a published value.
 * - `exact`: the printed value (one decimal) equals it;
 * - `rounded`: the press rounded the monitor's figure to `unit` ("17,5 miliardi" → 100,
 *   "162 milioni" → 1 when level, % and € change cannot all hold exactly): |printed − value| < unit/2;
 * - `lowerBound`: "oltre 2,4 miliardi": value ≤ printed < value + unit.
 */
export type FactPrecision =
  | { readonly kind: 'exact' }
  | { readonly kind: 'rounded'; readonly unit: number }
  | { readonly kind: 'lowerBound'; readonly unit: number };

/** One published figure the sample must reproduce, in the vintage of the release that first printed it. */
export interface PublishedFact {
  /** Stable id: `q<row>` / `o<row>` (row of the CSV, header = 1) + `:<metric>`, `note:…`, `brief:…`. */
  readonly id: string;
  readonly entity: string;
  readonly kind: EntityKind;
  /** Period code `YYYYQn`, `YYYY` or `YYYYMmm-mm`. */
  readonly period: string;
  readonly metric: Metric;
  readonly value: number;
  readonly precision: FactPrecision;
  /** Release that first printed it (`er-YYYYQn`), or null for periods before 2018 (base vintage, series only). */
  readonly releaseId: string | null;
  readonly source: string;
  /** Where in the published files it comes from: a value column, a row's note, or the project brief. */
  readonly origin: 'column' | 'note' | 'brief';
  readonly note: string;
}

/** "N of M districts growing" in a row's note: N member districts with a positive yoy for the period. */
export interface GrowthCountFact {
  readonly id: string;
  readonly period: string;
  readonly releaseId: string | null;
  readonly growing: number;
  readonly of: number;
  readonly source: string;
}

/** A sign stated in words ("nth consecutive quarter of growth"): yoy of the entity > 0 (printed ≥ +0,1). */
export interface SignFact {
  readonly id: string;
  readonly entity: string;
  readonly period: string;
  readonly releaseId: string;
  readonly sign: 1 | -1;
  readonly source: string;
}

export interface PublishedFacts {
  readonly facts: readonly PublishedFact[];
  readonly growthCounts: readonly GrowthCountFact[];
  readonly signs: readonly SignFact[];
  /** Notes deliberately not turned into facts, with the reason (documented in data/README.md). */
  readonly ignoredNotes: readonly { readonly row: string; readonly note: string; readonly reason: string }[];
}

/** The first release of the archive; earlier periods live only in the base vintage (series). */
const FIRST_RELEASE_YEAR = 2018;

/** `er-YYYYQn` of the release that first prints a period, or null before 2018. */
export function releaseOfPeriod(period: string): string | null {
  const p = parsePeriodCode(period);
  if (p.year < FIRST_RELEASE_YEAR) return null;
  if (p.lastMonth % 3 !== 0 || p.firstMonth !== 1 && p.lastMonth - p.firstMonth !== 2) {
    throw new DatasetError('DATASET_BAD_PERIOD', `period ${period} is neither a quarter nor a cumulative period from January`, { period });
  }
  return `er-${p.year}Q${p.lastMonth / 3}`;
}

/**
 * Levels and € changes quoted by the press as integers whose level, % change and € change
 * cannot all be printed exactly at once (checked by the generator's solver): they are
 * reproduced at the press's precision (±0,5 €M) instead of to the decimal.
 * Key = fact id.
 */
const RELAXED_TO_PRESS_PRECISION: Readonly<Record<string, string>> = {
  'q19:exports_meur': '139/179 = −22,3%, but the row prints −22,6%: both levels are press-rounded',
  'note:q19:Ciclomotori di Bologna:2016Q1:exports_meur': '139/179 = −22,3%, but the row prints −22,6%: both levels are press-rounded',
  'q90:exports_meur': '428 − 61 = 367 and 428/367 = +16,6%, but the row prints +16,5%: level and € change are press-rounded',
  'note:q90:Alimentare di Parma:2023Q1:delta_meur': '428 − 61 = 367 and 428/367 = +16,6%, but the row prints +16,5%: level and € change are press-rounded',
  'q97:exports_meur': '116 − 16 = 100 and 116/100 = +16,0%, but the row prints +16,4%: level and € change are press-rounded',
  'q102:exports_meur': '233 − 19 = 214 and 233/214 = +8,9%, but the row prints +8,8%: level and € change are press-rounded',
  'note:q102:Salumi del modenese:2024Q1:delta_meur': '233 − 19 = 214 and 233/214 = +8,9%, but the row prints +8,8%: level and € change are press-rounded',
  'note:q97:Salumi di Parma:2023Q1:delta_meur': '116 − 16 = 100 and 116/100 = +16,0%, but the row prints +16,4%: level and € change are press-rounded',
};

/** Why a fact is reproduced at press precision rather than to the decimal (for the README and tests). */
export function relaxationReason(id: string): string | undefined {
  return RELAXED_TO_PRESS_PRECISION[id];
}

/**
 * Value cells read as another metric than their column, where the row's note shows the
 * sources disagree and only one reading fits the other published figures. Key = fact id.
 */
const REINTERPRETED: Readonly<Record<string, { metric: Metric; reason: string }>> = {
  'o64:yoy_pct': {
    metric: 'vs2019_pct',
    reason:
      'sources disagree (ANSA: +16,6% yoy, +12,5% vs 2019; lattenews: +12,5% yoy, +16,6% vs 2019). With every agro-food district\'s Jan–Sep 2021 yoy published, +16,6% yoy would make Alimentare di Parma (+4,5%) 7% of the sector instead of about a third: the lattenews reading is used',
  },
};

/** Why a value cell is read as another metric, if it is. */
export function reinterpretationReason(id: string): string | undefined {
  return REINTERPRETED[id]?.reason;
}

/** Integer levels ≥ 1000 are rounded by the press to their last non-zero digit ("17,5 miliardi"). */
function unitOfRoundNumber(v: number): number {
  let unit = 1;
  let x = Math.abs(v);
  while (x >= 10 && x % 10 === 0) {
    x /= 10;
    unit *= 10;
  }
  return unit;
}

function precisionOf(id: string, metric: Metric, value: number, note: string): FactPrecision {
  if (metric === 'yoy_pct' || metric === 'vs2019_pct') return { kind: 'exact' };
  // "(lower bound)" qualifies the level only ("oltre 2,4 miliardi"), never the € change.
  const lower = metric === 'exports_meur' && /lower bound/i.test(note);
  if (!Number.isInteger(value)) return { kind: 'exact' };
  if (Math.abs(value) < 1000) {
    if (RELAXED_TO_PRESS_PRECISION[id]) return { kind: 'rounded', unit: 1 };
    return lower ? { kind: 'lowerBound', unit: 1 } : { kind: 'exact' };
  }
  const unit = unitOfRoundNumber(value);
  return lower ? { kind: 'lowerBound', unit } : { kind: 'rounded', unit };
}

const ENTITY_NAMES = new Map(EMILIA_ROMAGNA.entities.map((e) => [e.name, e]));

function kindOf(csvKind: string, entity: string, row: string): EntityKind {
  const def = ENTITY_NAMES.get(entity);
  if (!def) {
    throw new DatasetError('DATASET_UNKNOWN_ENTITY', `${row}: entity "${entity}" is not in the Emilia-Romagna registry; add it or an alias`, { row, entity });
  }
  const k: EntityKind = csvKind === 'settore' ? 'aggregato' : (csvKind as EntityKind);
  if (k !== def.kind) {
    throw new DatasetError('DATASET_KIND_MISMATCH', `${row}: kind "${csvKind}" but the registry says ${def.kind} for "${entity}"`, { row, entity });
  }
  return k;
}

/** A row of the published files, named by its entity and period columns (unique across both files). */
type RowKey = readonly [entity: string, period: string];

/**
 * Figures stated in the `note` column rather than in a value column, transcribed by hand
 * (each names its row). Counts of growing districts and streaks are kept separately.
 */
interface NoteFact {
  readonly row: RowKey;
  readonly entity: string;
  readonly period: string;
  readonly metric: Metric;
  readonly value: number;
  readonly precision?: FactPrecision;
}
const CICL = 'Ciclomotori di Bologna';
const TOT = 'Totale distretti Emilia-Romagna';
const POLI = 'Totale poli tecnologici Emilia-Romagna';
/** The row's own entity and period. */
const own = (entity: string, period: string, metric: Metric, value: number): NoteFact => ({ row: [entity, period], entity, period, metric, value });
const NOTE_FACTS: readonly NoteFact[] = [
  // published_quarterly.csv: "(2016Q1 = 179)", "+76 Meur vs 2022Q1", …
  { row: [CICL, '2017Q1'], entity: CICL, period: '2016Q1', metric: 'exports_meur', value: 179 },
  own(CICL, '2023Q1', 'delta_meur', 76),
  own("Macchine per l'imballaggio di Bologna", '2023Q1', 'delta_meur', 159),
  own('Meccatronica di Reggio Emilia', '2023Q1', 'delta_meur', 166),
  own('Alimentare di Parma', '2023Q1', 'delta_meur', 61),
  own('Ortofrutta romagnola', '2023Q1', 'delta_meur', 32),
  own('Piastrelle di Sassuolo', '2023Q1', 'delta_meur', -90),
  own('Mobili imbottiti di Forlì', '2023Q1', 'delta_meur', -13),
  own('Macchine agricole di Modena e Reggio Emilia', '2023Q1', 'delta_meur', 61),
  own('Food machinery di Parma', '2023Q1', 'delta_meur', 93),
  own('Salumi del modenese', '2023Q1', 'delta_meur', 29),
  own('Salumi di Parma', '2023Q1', 'delta_meur', 16),
  own('Salumi del modenese', '2024Q1', 'delta_meur', 19),
  // published_other_periods.csv
  { row: [TOT, '2023Q1'], entity: 'Meccanica (distretti ER)', period: '2023Q1', metric: 'delta_meur', value: 589 },
  { row: [TOT, '2023Q1'], entity: 'Agro-alimentare (distretti ER)', period: '2023Q1', metric: 'delta_meur', value: 131 },
  own(TOT, '2021Q1', 'vs2019_pct', 2.2),
  // "+6% vs 2019": a whole percent in the source
  { ...own(POLI, '2021M01-09', 'vs2019_pct', 6), precision: { kind: 'rounded', unit: 1 } },
  { row: [POLI, '2021M01-09'], entity: 'ICT di Bologna e Modena', period: '2021M01-09', metric: 'vs2019_pct', value: -1.2 },
  own('Biomedicale di Mirandola', '2021', 'vs2019_pct', 16.6),
  own('Biomedicale di Bologna', '2021', 'vs2019_pct', 19.4),
  own('ICT di Bologna e Modena', '2021', 'vs2019_pct', 0.8),
  own(POLI, '2021', 'vs2019_pct', 9.7),
  own(TOT, '2021M01-06', 'vs2019_pct', 4.9),
  { row: [TOT, '2021M01-06'], entity: 'Meccanica (distretti ER)', period: '2021M01-06', metric: 'yoy_pct', value: 26.7 },
  own(TOT, '2021M01-09', 'vs2019_pct', 5.5),
  own(TOT, '2021', 'vs2019_pct', 6.0),
  own(TOT, '2022M01-06', 'vs2019_pct', 16.9),
  own(TOT, '2022M01-09', 'vs2019_pct', 18.5),
  own('Meccanica (distretti ER)', '2021M01-09', 'vs2019_pct', 1.7),
  // See REINTERPRETED: the lattenews reading of the agro-food Jan–Sep 2021 figures.
  own('Agro-alimentare (distretti ER)', '2021M01-09', 'yoy_pct', 12.5),
  own('Sistema moda (distretti ER)', '2022M01-06', 'vs2019_pct', -7.6),
  own('Mobili imbottiti di Forlì', '2021M01-09', 'vs2019_pct', 61.7),
  own('Piastrelle di Sassuolo', '2021M01-09', 'vs2019_pct', 11.6),
  own('Maglieria e abbigliamento di Carpi', '2021M01-09', 'vs2019_pct', 1.1),
  own('Lattiero-caseario parmense', '2022M01-09', 'vs2019_pct', 21.5),
  own('Food machinery di Parma', '2022', 'vs2019_pct', -4.1),
];

/** "N of M growing" notes (all on the regional-total rows). */
const GROWTH_COUNTS: readonly { period: string; growing: number; of: number }[] = [
  { period: '2016', growing: 12, of: 19 },
  { period: '2017Q1', growing: 15, of: 19 },
  { period: '2017Q3', growing: 13, of: 19 },
  { period: '2017', growing: 14, of: 19 },
  { period: '2018Q2', growing: 10, of: 19 },
  { period: '2018Q3', growing: 6, of: 19 },
  { period: '2020Q3', growing: 8, of: 20 },
  { period: '2020Q4', growing: 11, of: 20 },
  { period: '2021Q1', growing: 13, of: 20 },
  { period: '2022', growing: 15, of: 19 },
  { period: '2023Q1', growing: 14, of: 19 },
  { period: '2023M01-06', growing: 13, of: 19 },
];

/**
 * "9th/10th/12th consecutive quarter of growth" (2022Q3, 2022Q4, 2023Q2 rows) and "first fall
 * after 12 quarters" (2023Q3): the regional total grew year on year in every quarter
 * 2020Q4–2023Q2. Quarters not pinned by a figure get a sign. (Counting back 12 quarters from
 * 2023Q2 would include 2020Q3, printed −1,3% in its own vintage: the streak is read as
 * starting at 2020Q4.)
 */
const GROWTH_STREAK_QUARTERS = ['2021Q2', '2021Q3', '2021Q4', '2022Q1', '2022Q2'] as const;

/** Notes read and deliberately not modelled (the rest are turned into facts above or are source remarks). */
const IGNORED_NOTES: readonly { row: RowKey; reason: string }[] = [
  { row: [TOT, '2018Q2'], reason: 'national total (+3,1%): not an Emilia-Romagna entity; the count is used' },
  { row: [TOT, '2018Q3'], reason: 'national total (+1,4%): not an Emilia-Romagna entity; the count is used' },
  { row: [TOT, '2020Q3'], reason: 'national total (−4,9%): not an Emilia-Romagna entity; the count is used' },
  { row: [POLI, '2017Q1'], reason: 'national tech-hub total: not an Emilia-Romagna entity' },
  { row: [POLI, '2015'], reason: 'national tech-hub total: not an Emilia-Romagna entity' },
  { row: [POLI, '2020Q4'], reason: 'qualitative ("driven by biomedical poli")' },
  { row: [TOT, '2023Q3'], reason: 'national total (−3,7%): not an Emilia-Romagna entity; "first fall" agrees with the −0,8% printed' },
  { row: [TOT, '2024Q1'], reason: 'national total (−1,1%): not an Emilia-Romagna entity' },
  { row: [POLI, '2021M01-09'], reason: 'national total (+2,8%): not an Emilia-Romagna entity; both vs-2019 figures are used' },
  { row: ['Biomedicale di Mirandola', '2022'], reason: '"+36,6% vs 2007": 2007 is outside the modelled series (2011–2025)' },
  { row: [TOT, '2016'], reason: 'national total (+0,3%): not an Emilia-Romagna entity; the count is used' },
  { row: [TOT, '2017'], reason: 'national total and regional manufacturing: not district entities; the count is used' },
  { row: [TOT, '2020M01-06'], reason: 'national total (−19,8%): not an Emilia-Romagna entity' },
  { row: [TOT, '2020'], reason: 'national total (−12,7%): not an Emilia-Romagna entity' },
  { row: [TOT, '2023M01-09'], reason: 'national total (+0,4%): not an Emilia-Romagna entity' },
  { row: ['Macchine utensili di Piacenza', '2021'], reason: 'warns that its other 2021 district figures are vs 2019: only this row\'s yoy is used' },
  { row: ['Macchine agricole di Modena e Reggio Emilia', '2022M01-09'], reason: 'provincial split (Modena, Reggio Emilia): not an entity of the monitor' },
  { row: ['Biomedicale di Bologna', '2018Q3'], reason: 'a Mirandola value missing from the stored copy: nothing to reproduce' },
  { row: ['Macchine per il legno di Rimini', '2024M01-09'], reason: 'the period column (January–September) is taken as stated' },
];

function rowFacts(
  rowId: string,
  rec: Record<string, string>,
  entity: string,
  period: string,
  columns: readonly [Metric, string][],
): PublishedFact[] {
  const kind = kindOf(rec.kind ?? '', entity, rowId);
  const note = rec.note ?? '';
  const out: PublishedFact[] = [];
  for (const [metric, col] of columns) {
    const raw = (rec[col] ?? '').trim();
    if (raw === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      throw new DatasetError('DATASET_BAD_NUMBER', `${rowId}: column ${col} is not a number: "${raw}"`, { row: rowId, column: col });
    }
    const id = `${rowId}:${metric}`;
    const as = REINTERPRETED[id]?.metric ?? metric;
    // A level quoted from a second article: "level 428 Meur stated in <url>".
    const levelUrl = metric === 'exports_meur' ? /level [\d.,]+ Meur stated in (\S+)/.exec(note)?.[1] : undefined;
    out.push({
      id,
      entity,
      kind,
      period,
      metric: as,
      value,
      precision: precisionOf(id, as, value, note),
      releaseId: releaseOfPeriod(period),
      source: levelUrl ?? rec.source_url ?? '',
      origin: 'column',
      note,
    });
  }
  return out;
}

/** Mirandola Q1 2025 = €131M: from the project brief (an OpportunItaly profile citing the monitor), not in any stored source. */
export const BRIEF_SOURCE = 'project brief: OpportunItaly profile of the Mirandola district citing the monitor (not in any stored source)';

/**
 * All facts the sample must reproduce, from the texts of the two published CSVs
 * (data/published). Pure: the caller reads the files.
 */
export function parsePublishedFacts(quarterlyCsv: string, otherCsv: string): PublishedFacts {
  const facts: PublishedFact[] = [];
  const rowsById = new Map<string, Record<string, string>>();
  const rowIdByKey = new Map<string, string>();
  const remember = (rowId: string, rec: Record<string, string>, key: string): void => {
    if (rowIdByKey.has(key)) throw new DatasetError('DATASET_DUPLICATE_ROW', `rows ${rowIdByKey.get(key)} and ${rowId} share entity and period (${key})`, { row: rowId });
    rowsById.set(rowId, rec);
    rowIdByKey.set(key, rowId);
  };
  parseCsvRecords(quarterlyCsv).forEach((rec, i) => {
    const rowId = `q${i + 2}`;
    remember(rowId, rec, `${rec.district}|${rec.quarter}`);
    facts.push(...rowFacts(rowId, rec, rec.district ?? '', rec.quarter ?? '', [['exports_meur', 'exports_meur'], ['yoy_pct', 'yoy_pct']]));
  });
  parseCsvRecords(otherCsv).forEach((rec, i) => {
    const rowId = `o${i + 2}`;
    remember(rowId, rec, `${rec.entity}|${rec.period}`);
    facts.push(
      ...rowFacts(rowId, rec, rec.entity ?? '', rec.period ?? '', [
        ['exports_meur', 'exports_meur'],
        ['yoy_pct', 'yoy_pct'],
        ['delta_meur', 'delta_meur'],
      ]),
    );
  });
  const rowIdOf = (key: RowKey): string => {
    const id = rowIdByKey.get(`${key[0]}|${key[1]}`);
    if (!id) throw new DatasetError('DATASET_NOTE_ROW', `a note fact refers to a missing row (${key[0]}, ${key[1]})`, { row: key.join(' ') });
    return id;
  };
  const rowOf = (key: RowKey): Record<string, string> => rowsById.get(rowIdOf(key))!;
  for (const nf of NOTE_FACTS) {
    const rec = rowOf(nf.row);
    const id = `note:${rowIdOf(nf.row)}:${nf.entity}:${nf.period}:${nf.metric}`;
    const def = ENTITY_NAMES.get(nf.entity);
    if (!def) throw new DatasetError('DATASET_UNKNOWN_ENTITY', `note fact ${id}: unknown entity`, { row: nf.row.join(' ') });
    facts.push({
      id,
      entity: nf.entity,
      kind: def.kind,
      period: nf.period,
      metric: nf.metric,
      value: nf.value,
      precision: nf.precision ?? precisionOf(id, nf.metric, nf.value, ''),
      releaseId: releaseOfPeriod(nf.period),
      source: rec.source_url ?? '',
      origin: 'note',
      note: rec.note ?? '',
    });
  }
  facts.push({
    id: 'brief:mirandola-2025Q1',
    entity: 'Biomedicale di Mirandola',
    kind: 'polo',
    period: '2025Q1',
    metric: 'exports_meur',
    value: 131,
    precision: { kind: 'exact' },
    releaseId: 'er-2025Q1',
    source: BRIEF_SOURCE,
    origin: 'brief',
    note: 'Mirandola Q1 2025 = €131M (project brief)',
  });
  const growthCounts = GROWTH_COUNTS.map((g) => ({
    id: `count:${rowIdOf([TOT, g.period])}:${g.period}`,
    period: g.period,
    releaseId: releaseOfPeriod(g.period),
    growing: g.growing,
    of: g.of,
    source: rowOf([TOT, g.period]).source_url ?? '',
  }));
  const streakSource = rowOf([TOT, '2023Q2']).source_url ?? '';
  const signs: SignFact[] = GROWTH_STREAK_QUARTERS.map((period) => ({
    id: `streak:${period}`,
    entity: 'Totale distretti Emilia-Romagna',
    period,
    releaseId: releaseOfPeriod(period)!,
    sign: 1,
    source: streakSource,
  }));
  const ignoredNotes = IGNORED_NOTES.map((n) => ({ row: rowIdOf(n.row), note: rowOf(n.row).note ?? '', reason: n.reason }));
  return { facts, growthCounts, signs, ignoredNotes };
}

/** Whether a printed value reproduces a published fact at the fact's precision. */
export function reproduces(fact: PublishedFact, printed: number): boolean {
  const eps = 1e-9;
  switch (fact.precision.kind) {
    case 'exact':
      return Math.abs(printed - fact.value) < eps;
    case 'rounded':
      return Math.abs(printed - fact.value) < fact.precision.unit / 2 - eps || Math.abs(printed - fact.value) <= eps;
    case 'lowerBound':
      return printed >= fact.value - eps && printed < fact.value + fact.precision.unit;
  }
}
