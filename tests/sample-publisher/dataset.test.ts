import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMILIA_ROMAGNA, membersAt } from '../../src/domain/registry/index.ts';
import { parsePeriodCode } from '../../src/domain/period.ts';
import type { SampleFigure } from '../../src/sample-publisher/types.ts';
import type { GeneratedSample, PublishedFact } from '../../src/sample-publisher/dataset/index.ts';
import {
  DEFAULT_SAMPLE_DIR,
  SAMPLE_FILES,
  generateSampleData,
  loadSampleCatalog,
  loadSampleSeries,
  publishedCsvTexts,
  publishedFacts,
  reproduces,
  round1,
} from '../../src/sample-publisher/dataset/index.ts';
import { parseCsvRecords } from '../../src/sample-publisher/dataset/csv.ts';

const catalog = loadSampleCatalog();
const facts = publishedFacts();
const releases = catalog.releases();

/** vintages.csv: vintage → entity → period → level (€M, unrounded to 2 decimals). */
const vintages = new Map<string, Map<string, Map<string, number>>>();
for (const r of parseCsvRecords(readFileSync(`${DEFAULT_SAMPLE_DIR}vintages.csv`, 'utf8'))) {
  const v = vintages.get(r.vintage!) ?? new Map<string, Map<string, number>>();
  vintages.set(r.vintage!, v);
  const e = v.get(r.entity!) ?? new Map<string, number>();
  v.set(r.entity!, e);
  e.set(r.period!, Number(r.exports_meur));
}

function figure(releaseId: string, entity: string, period: string, metric: string): SampleFigure | undefined {
  return catalog.figures(releaseId).find((f) => f.entity === entity && f.period === period && f.metric === metric);
}

/** Quarter codes a period covers, `shift` years earlier or later. */
function quartersOf(period: string, shift = 0): string[] {
  const p = parsePeriodCode(period);
  const out: string[] = [];
  for (let q = (p.firstMonth + 2) / 3; q <= p.lastMonth / 3; q++) out.push(`${p.year + shift}Q${q}`);
  return out;
}

/** Districts/hubs an entity sums at a membership quarter. */
function components(entity: string, year: number, quarter: number): string[] {
  const def = EMILIA_ROMAGNA.entities.find((e) => e.name === entity)!;
  if (def.kind !== 'aggregato') return [entity];
  const m = membersAt(EMILIA_ROMAGNA, year, quarter);
  if (def.aggregates === 'distretti') return m.filter((e) => e.kind === 'distretto').map((e) => e.name);
  if (def.aggregates === 'poli') return m.filter((e) => e.kind === 'polo').map((e) => e.name);
  return m.filter((e) => e.kind === 'distretto' && e.sector === def.aggregates).map((e) => e.name);
}

function vintageLevel(vintage: string, entity: string, period: string, membership: { year: number; quarter: number }, shift = 0): number {
  const v = vintages.get(vintage)!;
  let s = 0;
  for (const c of components(entity, membership.year, membership.quarter)) {
    for (const q of quartersOf(period, shift)) {
      const x = v.get(c)?.get(q);
      if (x === undefined) throw new Error(`${vintage} lacks ${c} ${q}`);
      s += x;
    }
  }
  return s;
}

describe('sample dataset: generation', () => {
  let fresh: GeneratedSample;
  beforeAll(() => {
    const { quarterly, other } = publishedCsvTexts();
    fresh = generateSampleData(quarterly, other);
  });

  it('the committed data/sample files are exactly what the generator produces (no drift)', () => {
    for (const name of SAMPLE_FILES) {
      expect(readFileSync(`${DEFAULT_SAMPLE_DIR}${name}`, 'utf8'), name).toBe(fresh.files[name]);
    }
  });

  it('data/published holds the shared CSVs verbatim, each row with its source URL', () => {
    const { quarterly, other } = publishedCsvTexts();
    expect(quarterly.split(/\r?\n/)[0]).toBe('district,kind,quarter,exports_meur,yoy_pct,source_url,note');
    expect(other.split(/\r?\n/)[0]).toBe('entity,kind,period,exports_meur,yoy_pct,delta_meur,source_url,note');
    const rows = [...parseCsvRecords(quarterly), ...parseCsvRecords(other)];
    expect(rows).toHaveLength(110 + 179);
    // verbatim: byte-identical to the shared copies the project was given (their SHA-256)
    expect(createHash('sha256').update(quarterly).digest('hex')).toBe('870715aba5c725b4f6e727ceb1b24c0323caaab98ec28e7f887eab1635ef27b9');
    expect(createHash('sha256').update(other).digest('hex')).toBe('841d34fdbbeb744c0e0088e0be6b3f643c1bece51174e843f50eabeea8aa3979');
    for (const r of rows) expect(r.source_url).toMatch(/^https?:\/\//);
  });

  it('a different seed changes modelled values but never a published one', () => {
    const { quarterly, other } = publishedCsvTexts();
    const other2 = generateSampleData(quarterly, other, 'another-seed');
    const a = fresh.figures.get('er-2023Q1')!;
    const b = other2.figures.get('er-2023Q1')!;
    expect(b).toHaveLength(a.length);
    expect(a.some((f, i) => f.modelled && f.value !== b[i]!.value)).toBe(true);
    a.forEach((f, i) => {
      if (!f.modelled && f.metric !== 'exports_meur') expect(b[i]!.value, `${f.entity} ${f.period} ${f.metric}`).toBe(f.value);
    });
  }, 60_000);
});

describe('sample dataset: every published figure is reproduced in its vintage', () => {
  it('reads every figure: the 350 filled value cells of the CSVs, the figures stated in notes, and the project brief', () => {
    expect(facts.facts.filter((f) => f.origin === 'column')).toHaveLength(350);
    expect(facts.facts.filter((f) => f.origin === 'note').length).toBeGreaterThanOrEqual(34);
    expect(facts.facts.filter((f) => f.origin === 'brief')).toHaveLength(1);
  });

  const inRelease = facts.facts.filter((f) => f.releaseId !== null);
  it.each(inRelease.map((f) => [f.id, f] as const))('%s is printed by the release that first printed it', (_id, f: PublishedFact) => {
    const fig = figure(f.releaseId!, f.entity, f.period, f.metric);
    expect(fig, `${f.releaseId} ${f.entity} ${f.period} ${f.metric}`).toBeDefined();
    expect(reproduces(f, fig!.value), `printed ${fig!.value}, published ${f.value} (${f.precision.kind})`).toBe(true);
    if (f.precision.kind === 'lowerBound') expect(fig!.modelled).toBe(true);
    else {
      expect(fig!.modelled).toBe(false);
      expect(fig!.source).toBe(f.source);
    }
  });

  const beforeArchive = facts.facts.filter((f) => f.releaseId === null);
  it.each(beforeArchive.map((f) => [f.id, f] as const))('%s (before 2018) holds in the base vintage of the series', (_id, f: PublishedFact) => {
    const { year, lastMonth } = parsePeriodCode(f.period);
    const membership = { year, quarter: lastMonth / 3 };
    const cur = vintageLevel('base', f.entity, f.period, membership);
    const prev = vintageLevel('base', f.entity, f.period, membership, -1);
    const value = f.metric === 'exports_meur' ? round1(cur) : f.metric === 'delta_meur' ? round1(cur - prev) : round1(100 * (cur / prev - 1));
    expect(reproduces(f, value), `base vintage gives ${value}, published ${f.value}`).toBe(true);
  });

  it('the 2017 levels published before the archive are the 2018 notes’ previous-year columns', () => {
    expect(figure('er-2018Q1', "Macchine per l'imballaggio di Bologna", '2017Q1', 'exports_meur')).toMatchObject({ value: 535.2, modelled: false });
    const cicl = figure('er-2018Q1', 'Ciclomotori di Bologna', '2017Q1', 'exports_meur')!;
    expect(Math.round(cicl.value)).toBe(139);
    const tot = figure('er-2018Q1', 'Totale distretti Emilia-Romagna', '2017Q1', 'exports_meur')!;
    expect(Math.abs(tot.value - 2990)).toBeLessThan(5);
  });

  it('Mirandola: 2024Q1 = 162,0 (+19,9%) and 2025Q1 = 131,0 (project brief), exactly', () => {
    expect(figure('er-2024Q1', 'Biomedicale di Mirandola', '2024Q1', 'exports_meur')).toMatchObject({ value: 162, modelled: false });
    expect(figure('er-2024Q1', 'Biomedicale di Mirandola', '2024Q1', 'yoy_pct')).toMatchObject({ value: 19.9, modelled: false });
    const q1 = figure('er-2025Q1', 'Biomedicale di Mirandola', '2025Q1', 'exports_meur')!;
    expect(q1).toMatchObject({ value: 131, modelled: false });
    expect(q1.source).toMatch(/project brief.*OpportunItaly/);
    // Mirandola 2012Q2 = 55 (−39,2%, the earthquake quarter) is in the series.
    const s = loadSampleSeries().find((p) => p.entity === 'Biomedicale di Mirandola' && p.period === '2012Q2')!;
    expect(s).toMatchObject({ exportsMeur: 55, modelled: false });
  });

  it('the regional total falls 25,5% in 2020Q2 and 15,1% in the first half', () => {
    expect(figure('er-2020Q2', 'Totale distretti Emilia-Romagna', '2020Q2', 'yoy_pct')?.value).toBe(-25.5);
    expect(figure('er-2020Q2', 'Totale distretti Emilia-Romagna', '2020M01-06', 'yoy_pct')?.value).toBe(-15.1);
  });

  it('"N of M districts growing" notes hold in their releases (and in the base vintage before 2018)', () => {
    for (const g of facts.growthCounts) {
      const { year, lastMonth } = parsePeriodCode(g.period);
      const membership = { year, quarter: lastMonth / 3 };
      const districts = components('Totale distretti Emilia-Romagna', membership.year, membership.quarter);
      expect(districts, g.id).toHaveLength(g.of);
      const growing = districts.filter((d) => {
        if (g.releaseId) return figure(g.releaseId, d, g.period, 'yoy_pct')!.value > 0;
        return round1(100 * (vintageLevel('base', d, g.period, membership) / vintageLevel('base', d, g.period, membership, -1) - 1)) > 0;
      });
      expect(growing.length, g.id).toBe(g.growing);
    }
  });

  it('the regional total grows in every quarter of the 2021–23 streak', () => {
    for (const s of facts.signs) expect(figure(s.releaseId, s.entity, s.period, 'yoy_pct')!.value, s.id).toBeGreaterThan(0);
  });
});
