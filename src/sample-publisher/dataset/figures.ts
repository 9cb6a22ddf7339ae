import type { Metric } from '../../domain/metric.ts';
import type { EntityDef } from '../../domain/registry/index.ts';
import { EMILIA_ROMAGNA, membersAt } from '../../domain/registry/index.ts';
import type { SampleFigure, SampleReleaseInfo } from '../types.ts';
import { DatasetError } from './errors.ts';
import type { PublishedFact } from './facts.ts';
import { reproduces } from './facts.ts';
import type { Vintage } from './vintages.ts';
import { levelIn } from './vintages.ts';

/** Rounds half away from zero to one decimal, as the monitor prints; never returns −0. */
export function round1(x: number): number {
  const r = (Math.sign(x) * Math.round(Math.abs(x) * 10)) / 10;
  return r === 0 ? 0 : r;
}

const SECTORS = ['Meccanica', 'Agro-alimentare', 'Sistema moda', 'Sistema casa'] as const;

/**
 * Table order of a release: each sector's member districts then its subtotal, the districts'
 * total, then the hubs and their total.
 */
export function tableOrder(year: number, quarter: number): EntityDef[] {
  const members = membersAt(EMILIA_ROMAGNA, year, quarter);
  const aggregate = (pred: (e: EntityDef) => boolean): EntityDef => {
    const a = EMILIA_ROMAGNA.entities.find((e) => e.kind === 'aggregato' && pred(e));
    if (!a) throw new DatasetError('DATASET_BAD_AGGREGATE', 'registry lacks an aggregate row', {});
    return a;
  };
  const out: EntityDef[] = [];
  for (const s of SECTORS) {
    out.push(...members.filter((e) => e.kind === 'distretto' && e.sector === s));
    out.push(aggregate((e) => e.aggregates === s));
  }
  out.push(aggregate((e) => e.aggregates === 'distretti'));
  out.push(...members.filter((e) => e.kind === 'polo'));
  out.push(aggregate((e) => e.aggregates === 'poli'));
  return out;
}

/** Cumulative period of a release: H1 in Q2 notes, January–September in Q3 notes, the year in Q4 notes. */
export function cumulativePeriod(year: number, quarter: number): string | null {
  if (quarter === 1) return null;
  if (quarter === 4) return String(year);
  return `${year}M01-${String(quarter * 3).padStart(2, '0')}`;
}

/** The notes of 2020–22 also compare with 2019. */
export function hasVs2019(year: number): boolean {
  return year >= 2020 && year <= 2022;
}

function prevPeriod(period: string): string {
  return String(Number(period.slice(0, 4)) - 1) + period.slice(4);
}

/** Index of facts by what a printed figure is: `release|entity|period|metric`. */
export function factIndex(facts: readonly PublishedFact[]): Map<string, PublishedFact[]> {
  const m = new Map<string, PublishedFact[]>();
  for (const f of facts) {
    const k = `${f.releaseId ?? 'base'}|${f.entity}|${f.period}|${f.metric}`;
    m.set(k, [...(m.get(k) ?? []), f]);
  }
  return m;
}

/**
 * The published facts a printed figure must reproduce: those first printed by this release,
 * and — for the 2018 notes' previous-year columns — the 2017 levels of the base vintage.
 */
export function factsFor(index: Map<string, PublishedFact[]>, release: SampleReleaseInfo, entity: string, period: string, metric: Metric): PublishedFact[] {
  const own = index.get(`${release.id}|${entity}|${period}|${metric}`) ?? [];
  const base = release.refYear === 2018 && metric === 'exports_meur' && period.startsWith('2017') ? (index.get(`base|${entity}|${period}|${metric}`) ?? []) : [];
  return [...own, ...base];
}

/**
 * Every figure a release prints, in table order, from its vintage. A figure equal (at the
 * source's precision) to a published fact of this release is `modelled: false` with the
 * fact's source; so is a previous-year level still exactly as an earlier note published it.
 * A lower bound only constrains the value, which stays modelled.
 * @throws DatasetError DATASET_NOT_REPRODUCED if a published fact is not reproduced (a solver bug).
 */
export function releaseFigures(release: SampleReleaseInfo, v: Vintage, index: Map<string, PublishedFact[]>): SampleFigure[] {
  const { refYear: y, refQuarter: q } = release;
  const earlierLevels = new Map<string, PublishedFact[]>();
  for (const [k, list] of index) {
    const [rid, entity, period, metric] = k.split('|');
    if (metric !== 'exports_meur' || rid === 'base' || (rid ?? '') >= release.id) continue;
    earlierLevels.set(`${entity}|${period}`, [...(earlierLevels.get(`${entity}|${period}`) ?? []), ...list]);
  }
  const membership = { year: y, quarter: q };
  const out: SampleFigure[] = [];
  const periods = [`${y}Q${q}`, cumulativePeriod(y, q)].filter((p): p is string => p !== null);
  for (const e of tableOrder(y, q)) {
    const push = (period: string, metric: Metric, raw: number): void => {
      const value = round1(raw);
      const facts = factsFor(index, release, e.name, period, metric);
      let published: PublishedFact | undefined;
      for (const f of facts) {
        if (!reproduces(f, value)) {
          throw new DatasetError('DATASET_NOT_REPRODUCED', `${release.id}: ${e.name} ${period} ${metric} prints ${value}, published ${f.value} (${f.id})`, {
            releaseId: release.id,
            fact: f.id,
          });
        }
        if (f.precision.kind !== 'lowerBound') published ??= f;
      }
      // A previous-year level still exactly as an earlier note published it (not revised since).
      if (!published && metric === 'exports_meur') {
        published = (earlierLevels.get(`${e.name}|${period}`) ?? []).find((f) => f.precision.kind === 'exact' && reproduces(f, value));
      }
      out.push(
        published
          ? { entity: e.name, kind: e.kind, period, metric, value, modelled: false, source: published.source }
          : { entity: e.name, kind: e.kind, period, metric, value, modelled: true },
      );
    };
    for (const period of periods) {
      const cur = levelIn(v, e.name, period, membership);
      const prev = levelIn(v, e.name, period, membership, -1);
      if (!(cur > 0) || !(prev > 0)) {
        throw new DatasetError('DATASET_BAD_LEVEL', `${release.id}: ${e.name} ${period} has no positive level`, { releaseId: release.id });
      }
      push(prevPeriod(period), 'exports_meur', prev);
      push(period, 'exports_meur', cur);
      push(period, 'yoy_pct', 100 * (cur / prev - 1));
      push(period, 'delta_meur', cur - prev);
      if (hasVs2019(y)) {
        const base2019 = levelIn(v, e.name, period, membership, 2019 - y);
        push(period, 'vs2019_pct', 100 * (cur / base2019 - 1));
      }
    }
  }
  return out;
}
