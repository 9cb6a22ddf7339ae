import { cumulativeToQuarter, periodCode, previousYear, quarterPeriod, type Period } from '../../../src/domain/period.ts';
import { EMILIA_ROMAGNA, membersAt, type EntityDef } from '../../../src/domain/registry/index.ts';
import { loadSampleCatalog } from '../../../src/sample-publisher/dataset/index.ts';
import type { SampleReleaseInfo } from '../../../src/sample-publisher/types.ts';

/**
 * The numbers every layout fixture prints: real levels of one sample release (data/sample, the
 * repo's own catalog), with the year-on-year % and the difference in €M recomputed from the two
 * printed levels and rounded as printed, so the extractor's arithmetic checks can confirm them.
 */

/** The periods a release's tables can show, named by their role. */
export type PeriodRole = 'q' | 'qPrev' | 'cum' | 'cumPrev';

export interface CorpusRow {
  readonly entity: EntityDef;
  /** Levels in €M by role (only the roles the release has). */
  readonly levels: Readonly<Partial<Record<PeriodRole, number>>>;
}

export interface CorpusRelease {
  readonly info: SampleReleaseInfo;
  readonly periods: Readonly<Partial<Record<PeriodRole, Period>>>;
  /** Members by sector, each sector followed by its subtotal, then the districts' total. */
  readonly districts: readonly CorpusRow[];
  /** The hubs, then their total. */
  readonly hubs: readonly CorpusRow[];
}

export const round1 = (v: number): number => Math.round(v * 10) / 10;

/** Year-on-year % between two printed levels, rounded as printed. */
export const yoyOf = (cur: number, prev: number): number => round1((cur / prev - 1) * 100);
/** Difference in €M between two printed levels (exact at one decimal). */
export const deltaOf = (cur: number, prev: number): number => round1(cur - prev);

const SECTORS = ['Meccanica', 'Agro-alimentare', 'Sistema moda', 'Sistema casa'] as const;

const cache = new Map<string, CorpusRelease>();

/**
 * The release `id` of the sample catalog (e.g. 'er-2025Q1', 'er-2024Q3' with January–September
 * levels too) as table rows.
 */
export function corpusRelease(id: string): CorpusRelease {
  const hit = cache.get(id);
  if (hit) return hit;
  const catalog = loadSampleCatalog();
  const info = catalog.release(id);
  if (!info) throw new Error(`no sample release ${id}`);
  const q = quarterPeriod(info.refYear, info.refQuarter);
  const periods: Partial<Record<PeriodRole, Period>> = { q, qPrev: previousYear(q) };
  if (info.refQuarter > 1) {
    const cum = cumulativeToQuarter(info.refYear, info.refQuarter);
    periods.cum = cum;
    periods.cumPrev = previousYear(cum);
  }
  const level = new Map<string, number>();
  for (const f of catalog.figures(id)) if (f.metric === 'exports_meur') level.set(`${f.entity}|${f.period}`, f.value);
  const row = (entity: EntityDef): CorpusRow => {
    const levels: Partial<Record<PeriodRole, number>> = {};
    for (const [role, p] of Object.entries(periods) as [PeriodRole, Period][]) {
      const v = level.get(`${entity.name}|${periodCode(p)}`);
      if (v === undefined) throw new Error(`${id}: no level for ${entity.name} ${periodCode(p)}`);
      levels[role] = v;
    }
    return { entity, levels };
  };
  const members = membersAt(EMILIA_ROMAGNA, info.refYear, info.refQuarter);
  const districts: CorpusRow[] = [];
  for (const sector of SECTORS) {
    districts.push(...members.filter((e) => e.kind === 'distretto' && e.sector === sector).map(row));
    const sub = members.find((e) => e.kind === 'aggregato' && e.aggregates === sector);
    if (sub) districts.push(row(sub));
  }
  const total = members.find((e) => e.aggregates === 'distretti');
  if (total) districts.push(row(total));
  const hubs = members.filter((e) => e.kind === 'polo').map(row);
  const hubTotal = members.find((e) => e.aggregates === 'poli');
  if (hubTotal) hubs.push(row(hubTotal));
  const out: CorpusRelease = { info, periods, districts, hubs };
  cache.set(id, out);
  return out;
}

/** The value a column of `metric` over `role` prints for a row (null: the column has no value). */
export function valueOf(row: CorpusRow, metric: 'exports_meur' | 'yoy_pct' | 'delta_meur', role: PeriodRole): number | null {
  const prevRole: PeriodRole = role === 'q' ? 'qPrev' : role === 'cum' ? 'cumPrev' : role;
  const cur = row.levels[role];
  const prev = row.levels[prevRole];
  if (cur === undefined) return null;
  if (metric === 'exports_meur') return cur;
  if (prev === undefined || prevRole === role) return null;
  return metric === 'yoy_pct' ? yoyOf(cur, prev) : deltaOf(cur, prev);
}
