import type { Metric } from '../../domain/metric.ts';
import { cumulativeToQuarter, periodCode, quarterPeriod } from '../../domain/period.ts';
import { EMILIA_ROMAGNA, membersAt, type EntityDef, type RegionRegistry } from '../../domain/registry/index.ts';
import type { SampleCatalog, SampleFigure, SampleReleaseInfo } from '../types.ts';
import { monthYear } from './format.ts';

/**
 * A synthetic catalog that follows the release rules (every entity of membersAt, levels for the
 * quarter and a year earlier, yoy/delta, cumulative spans, vs 2019 in 2020–22) with made-up
 * numbers. It exists so the renderer can be exercised on edge cases (negative changes, "n.d."
 * cells, thousands) independently of the real dataset; it is NOT the sample publisher's data.
 */

/** FNV-1a: a stable small hash so every number depends only on its inputs. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const unit = (s: string): number => hash(s) / 0xffffffff;
const round1 = (v: number): number => Math.round(v * 10) / 10;

/** Pandemic dip in 2020Q2 and recovery, so changes are negative in some releases. */
function shock(year: number, q: number): number {
  if (year === 2020) return [0.95, 0.72, 0.93, 0.98][q - 1] ?? 1;
  return 1;
}

/** Unrounded modelled level of a non-aggregate entity in one quarter (millions of euro). */
export function syntheticLevel(e: EntityDef, year: number, q: number): number {
  const base = e.slug === 'piastrelle-sassuolo' ? 1250 : 25 + unit(e.slug) * 700;
  const growth = 1 + (unit(`${e.slug}/g`) - 0.35) * 0.12;
  const season = [0.97, 1.05, 0.94, 1.04][q - 1] ?? 1;
  const noise = 1 + (unit(`${e.slug}/${year}Q${q}`) - 0.5) * 0.16;
  return base * season * growth ** (year - 2017) * shock(year, q) * noise;
}

function memberLevel(members: readonly EntityDef[], year: number, quarters: readonly number[]): number {
  return members.reduce((s, m) => s + quarters.reduce((t, q) => t + syntheticLevel(m, year, q), 0), 0);
}

function releaseInfo(year: number, q: 1 | 2 | 3 | 4): SampleReleaseInfo {
  const pub = [
    { y: year, m: 7, d: 10 },
    { y: year, m: 10, d: 20 },
    { y: year + 1, m: 1, d: 25 },
    { y: year + 1, m: 5, d: 15 },
  ][q - 1]!;
  const cutoff = [`${year}-06-10`, `${year}-09-10`, `${year}-12-10`, `${year + 1}-03-15`][q - 1]!;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const renamed = pub.y > 2024 || (pub.y === 2024 && pub.m >= 7);
  return {
    id: `er-${year}Q${q}`,
    series: 'monitor-distretti-emilia-romagna',
    region: 'emilia-romagna',
    refYear: year,
    refQuarter: q,
    coverYear: pub.y,
    coverMonth: pub.m,
    publishedOn: `${pub.y}-${pad(pub.m)}-${pad(pub.d)}`,
    dataCutoff: cutoff,
    noteNumber: `n. ${4 * year + q - 8033}`,
    department: renamed ? 'Research Department – Industry Research' : 'Direzione Studi e Ricerche – Industry Research',
    author: 'Giovanna Esempio',
    title: "Monitor dei Distretti dell'Emilia-Romagna",
    fileName: `Monitor Distretti Emilia-Romagna ${monthYear(pub.m, pub.y)}.pdf`,
    layout: year <= 2019 ? 'classic' : year <= 2022 ? 'pandemic' : 'modern',
  };
}

/** The entities an aggregate sums in a release. */
function summands(registry: RegionRegistry, agg: EntityDef, year: number, q: number): EntityDef[] {
  const members = membersAt(registry, year, q);
  if (agg.aggregates === 'distretti') return members.filter((e) => e.kind === 'distretto');
  if (agg.aggregates === 'poli') return members.filter((e) => e.kind === 'polo');
  return members.filter((e) => e.kind === 'distretto' && e.sector === agg.aggregates);
}

function releaseFigures(registry: RegionRegistry, year: number, q: 1 | 2 | 3 | 4): SampleFigure[] {
  const out: SampleFigure[] = [];
  const entities = membersAt(registry, year, q);
  const spans: { quarters: number[]; cur: string; prev: string }[] = [
    { quarters: [q], cur: periodCode(quarterPeriod(year, q)), prev: periodCode(quarterPeriod(year - 1, q)) },
  ];
  if (q > 1) {
    spans.push({
      quarters: Array.from({ length: q }, (_, i) => i + 1),
      cur: periodCode(cumulativeToQuarter(year, q)),
      prev: periodCode(cumulativeToQuarter(year - 1, q)),
    });
  }
  for (const e of entities) {
    const parts = e.kind === 'aggregato' ? summands(registry, e, year, q) : [e];
    // A district that joined with this year's notes has no previous-year column ("n.d.").
    const newcomer = e.memberFrom !== undefined && Number(e.memberFrom.slice(0, 4)) === year;
    for (const s of spans) {
      const cur = round1(memberLevel(parts, year, s.quarters));
      const prev = round1(memberLevel(parts, year - 1, s.quarters));
      const base2019 = round1(memberLevel(parts, 2019, s.quarters));
      const fig = (period: string, metric: Metric, value: number): void => {
        out.push({ entity: e.name, kind: e.kind, period, metric, value, modelled: true });
      };
      if (!newcomer) fig(s.prev, 'exports_meur', prev);
      fig(s.cur, 'exports_meur', cur);
      if (!newcomer) {
        fig(s.cur, 'yoy_pct', round1(((cur - prev) / prev) * 100));
        fig(s.cur, 'delta_meur', round1(cur - prev));
      }
      if (year >= 2020 && year <= 2022 && !newcomer) fig(s.cur, 'vs2019_pct', round1(((cur - base2019) / base2019) * 100));
    }
  }
  return out;
}

/** Synthetic catalog 2018Q1–2025Q2 (30 releases), see the module comment. */
export function syntheticCatalog(registry: RegionRegistry = EMILIA_ROMAGNA): SampleCatalog {
  const infos: SampleReleaseInfo[] = [];
  for (let y = 2018; y <= 2025; y++) {
    for (const q of [1, 2, 3, 4] as const) if (y < 2025 || q <= 2) infos.push(releaseInfo(y, q));
  }
  const byId = new Map(infos.map((i) => [i.id, i]));
  return {
    releases: () => infos,
    release: (id) => byId.get(id),
    figures: (id) => {
      const info = byId.get(id);
      return info ? releaseFigures(registry, info.refYear, info.refQuarter) : [];
    },
  };
}
