import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMILIA_ROMAGNA, membersAt } from '../../src/domain/registry/index.ts';
import { parsePeriodCode } from '../../src/domain/period.ts';
import type { SampleFigure } from '../../src/sample-publisher/types.ts';
import {
  DEFAULT_SAMPLE_DIR,
  cumulativePeriod,
  hasVs2019,
  loadSampleCatalog,
  loadSampleSeries,
  publishedFacts,
} from '../../src/sample-publisher/dataset/index.ts';
import { parseCsvRecords } from '../../src/sample-publisher/dataset/csv.ts';

const catalog = loadSampleCatalog();
const releases = catalog.releases();
const facts = publishedFacts();

const vintageRows = parseCsvRecords(readFileSync(`${DEFAULT_SAMPLE_DIR}vintages.csv`, 'utf8'));
const vintage = new Map<string, number>(vintageRows.map((r) => [`${r.vintage}|${r.entity}|${r.period}`, Number(r.exports_meur)]));

function byKey(figs: readonly SampleFigure[]): Map<string, number> {
  return new Map(figs.map((f) => [`${f.entity}|${f.period}|${f.metric}`, f.value]));
}

function quartersOf(period: string): string[] {
  const p = parsePeriodCode(period);
  const out: string[] = [];
  for (let q = (p.firstMonth + 2) / 3; q <= p.lastMonth / 3; q++) out.push(`${p.year}Q${q}`);
  return out;
}

const prevPeriod = (p: string): string => `${Number(p.slice(0, 4)) - 1}${p.slice(4)}`;

describe('sample dataset: each release is internally consistent', () => {
  it.each(releases.map((r) => [r.id, r] as const))('%s: levels, yoy, € change, vs 2019, cumulative periods and subtotals agree', (_id, r) => {
    const figs = catalog.figures(r.id);
    const k = byKey(figs);
    const members = membersAt(EMILIA_ROMAGNA, r.refYear, r.refQuarter);
    const periods = [`${r.refYear}Q${r.refQuarter}`, cumulativePeriod(r.refYear, r.refQuarter)].filter((p): p is string => p !== null);
    const expectedPerPeriod = hasVs2019(r.refYear) ? 5 : 4;
    expect(figs).toHaveLength(members.length * periods.length * expectedPerPeriod);
    for (const e of members) {
      for (const p of periods) {
        const cur = k.get(`${e.name}|${p}|exports_meur`)!;
        const prev = k.get(`${e.name}|${prevPeriod(p)}|exports_meur`)!;
        const yoy = k.get(`${e.name}|${p}|yoy_pct`)!;
        const delta = k.get(`${e.name}|${p}|delta_meur`)!;
        expect(cur, `${e.name} ${p}`).toBeGreaterThan(0);
        expect(prev, `${e.name} ${prevPeriod(p)}`).toBeGreaterThan(0);
        // Printed levels carry ±0,05 of rounding: the yoy they imply carries that too.
        const tolYoy = 0.05 + 100 * 0.05 * (1 / prev + cur / (prev * prev)) + 1e-9;
        expect(Math.abs(yoy - 100 * (cur / prev - 1)), `${e.name} ${p} yoy ${yoy} vs ${cur}/${prev}`).toBeLessThanOrEqual(tolYoy);
        expect(Math.abs(delta - (cur - prev)), `${e.name} ${p} delta`).toBeLessThanOrEqual(0.15 + 1e-9);
        if (hasVs2019(r.refYear)) expect(k.has(`${e.name}|${p}|vs2019_pct`), `${e.name} ${p} vs2019`).toBe(true);
        if (r.refYear === 2020) expect(k.get(`${e.name}|${p}|vs2019_pct`)).toBe(yoy);
        // Cumulative period = sum of the vintage's quarters; a quarter = its vintage value.
        if (e.kind !== 'aggregato') {
          for (const [per, printed] of [[p, cur], [prevPeriod(p), prev]] as const) {
            const qs = quartersOf(per);
            const sum = qs.reduce((s, q) => s + vintage.get(`${r.id}|${e.name}|${q}`)!, 0);
            expect(Math.abs(printed - sum), `${e.name} ${per} = Σ quarters of ${r.id}`).toBeLessThanOrEqual(0.05 + 0.005 * qs.length + 1e-9);
          }
        }
      }
    }
    // Subtotals and totals = sum of their printed members, within rounding.
    for (const a of members.filter((e) => e.kind === 'aggregato')) {
      const parts = members.filter((e) =>
        a.aggregates === 'distretti' ? e.kind === 'distretto' : a.aggregates === 'poli' ? e.kind === 'polo' : e.kind === 'distretto' && e.sector === a.aggregates,
      );
      for (const p of periods.flatMap((x) => [x, prevPeriod(x)])) {
        const total = k.get(`${a.name}|${p}|exports_meur`)!;
        const sum = parts.reduce((s, e) => s + k.get(`${e.name}|${p}|exports_meur`)!, 0);
        expect(Math.abs(total - sum), `${a.name} ${p}: ${total} vs Σ ${sum}`).toBeLessThanOrEqual(0.05 * (parts.length + 1) + 1e-9);
      }
    }
  });

  it('membership: 19 districts until 2019Q3, 20 (with Meccatronica and ceramic machinery) 2019Q4–2021Q4, 19 from 2022', () => {
    const counts = releases.map((r) => {
      const q = `${r.refYear}Q${r.refQuarter}`;
      return catalog.figures(r.id).filter((f) => f.kind === 'distretto' && f.period === q && f.metric === 'exports_meur').length;
    });
    const expected = releases.map((r) => (r.id >= 'er-2019Q4' && r.id <= 'er-2021Q4' ? 20 : 19));
    expect(counts).toEqual(expected);
    expect(catalog.figures('er-2019Q3').some((f) => f.entity === 'Meccatronica di Reggio Emilia')).toBe(false);
    expect(catalog.figures('er-2022Q1').some((f) => f.entity.startsWith("Macchine per l'industria ceramica"))).toBe(false);
    for (const r of releases) expect(catalog.figures(r.id).filter((f) => f.kind === 'polo' && f.metric === 'yoy_pct').length).toBe(r.refQuarter === 1 ? 3 : 6);
  });

  it('modelled flags: a figure is published only where it reproduces a published fact, and then names its source', () => {
    const levelFacts = new Set(facts.facts.filter((f) => f.metric === 'exports_meur').map((f) => `${f.entity}|${f.period}`));
    const factKeys = new Set(facts.facts.map((f) => `${f.releaseId}|${f.entity}|${f.period}|${f.metric}`));
    let published = 0;
    for (const r of releases) {
      for (const f of catalog.figures(r.id)) {
        if (f.modelled) {
          expect(f.source, `${r.id} ${f.entity} ${f.period} ${f.metric}`).toBeUndefined();
          continue;
        }
        published += 1;
        expect(f.source, `${r.id} ${f.entity} ${f.period}`).toBeTruthy();
        const own = factKeys.has(`${r.id}|${f.entity}|${f.period}|${f.metric}`);
        const earlierLevel = f.metric === 'exports_meur' && levelFacts.has(`${f.entity}|${f.period}`);
        expect(own || earlierLevel, `${r.id} ${f.entity} ${f.period} ${f.metric} flagged published without a fact`).toBe(true);
      }
    }
    const total = releases.reduce((s, r) => s + catalog.figures(r.id).length, 0);
    expect(published).toBeGreaterThan(300);
    expect(published / total).toBeLessThan(0.1);
  });

  it('the series covers 2011Q1–2025Q2 for all 29 rows, modelled except published levels', () => {
    const series = loadSampleSeries();
    expect(series).toHaveLength(29 * 58);
    const levelFacts = new Set(facts.facts.filter((f) => f.metric === 'exports_meur').map((f) => `${f.entity}|${f.period}`));
    for (const p of series) {
      expect(p.exportsMeur, `${p.entity} ${p.period}`).toBeGreaterThan(0);
      if (!p.modelled) expect(levelFacts.has(`${p.entity}|${p.period}`), `${p.entity} ${p.period}`).toBe(true);
    }
    // Before 2018 the series is the base vintage (where the pre-2018 published figures hold).
    for (const p of series.filter((x) => x.kind !== 'aggregato' && x.period < '2018')) {
      expect(p.vintage).toBe('base');
      expect(Math.abs(p.exportsMeur - vintage.get(`base|${p.entity}|${p.period}`)!), `${p.entity} ${p.period}`).toBeLessThanOrEqual(0.051);
    }
    expect(series.filter((p) => !p.modelled).map((p) => `${p.entity} ${p.period} ${p.exportsMeur}`)).toEqual(
      expect.arrayContaining(['Biomedicale di Mirandola 2012Q2 55', 'Biomedicale di Mirandola 2024Q1 162', 'Biomedicale di Mirandola 2025Q1 131']),
    );
  });
});

describe('sample dataset: vintages', () => {
  /** (release, entity, quarter) → first printed level, and its later restatement as previous-year column. */
  const revisions: { id: string; rel: number }[] = [];
  const first = new Map<string, number>();
  for (const r of releases) {
    for (const f of catalog.figures(r.id)) {
      if (f.metric !== 'exports_meur' || f.kind === 'aggregato' || !/Q\d$/.test(f.period)) continue;
      const key = `${f.entity}|${f.period}`;
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, f.value);
      else revisions.push({ id: `${r.id} ${key} ${earlier}→${f.value}`, rel: f.value / earlier - 1 });
    }
  }

  it('the previous-year column restates what the note a year earlier printed, with small revisions', () => {
    // 2018Q1 prints 2017 quarters first; from 2019Q1 on every previous-year column is a restatement.
    expect(revisions.length).toBeGreaterThan(500);
    const changed = revisions.filter((r) => r.rel !== 0);
    expect(changed.length / revisions.length).toBeGreaterThan(0.5);
    const abs = revisions.map((r) => Math.abs(r.rel)).sort((a, b) => a - b);
    const pct = (q: number): number => abs[Math.floor(q * (abs.length - 1))]!;
    expect(pct(0.5)).toBeLessThan(0.01);
    expect(pct(0.75)).toBeLessThan(0.02);
    expect(pct(0.9)).toBeLessThan(0.05);
  });

  it('each quarter of a release equals its vintage', () => {
    for (const r of releases) {
      for (const f of catalog.figures(r.id)) {
        if (f.metric !== 'exports_meur' || f.kind === 'aggregato' || !/Q\d$/.test(f.period)) continue;
        expect(Math.abs(f.value - vintage.get(`${r.id}|${f.entity}|${f.period}`)!), `${r.id} ${f.entity} ${f.period}`).toBeLessThanOrEqual(0.051);
      }
    }
  });
});
