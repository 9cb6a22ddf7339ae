import type { Kysely } from 'kysely';
import type { Database, Observation } from '../../db/schema.ts';
import type { Metric } from '../domain/metric.ts';
import { quarterFromIndex, quarterIndex, quarterOf } from '../domain/period.ts';
import { REGIONS } from '../domain/registry/index.ts';
import { BriefDataError } from './errors.ts';
import type {
  BriefData,
  BriefEntity,
  BriefRelease,
  LatestYoy,
  ObservationKey,
  QuarterPoint,
  Revision,
} from './types.ts';

/** What to brief on. */
export interface BriefRequest {
  readonly entitySlug: string;
  readonly year?: number | undefined;
  /** @defaultValue the latest quarter with data for the entity (in `year` when given) */
  readonly quarter?: number | undefined;
  /** Who the entity is compared with. @defaultValue 'poli' (the region's technology hubs) */
  readonly comparison?: 'poli' | undefined;
}

/** Quarters shown in the time-series charts: the last 5 years. */
export const WINDOW_QUARTERS = 20;
const METRICS: readonly Metric[] = ['exports_meur', 'yoy_pct'];

type ReleaseRow = Awaited<ReturnType<typeof loadReleases>>[number];
type ObsRow = Pick<
  Observation,
  'release_id' | 'entity_id' | 'period_year' | 'period_first_month' | 'period_last_month' | 'metric' | 'value' | 'derived' | 'page'
>;

/**
 * Reads everything a brief shows — the only part of the report stage that touches the
 * database. The brief is *as of* its base release: the loaded release that first reports
 * the reference quarter for the entity (ordered like the `latest_observations` view: reference
 * quarter, then cover date). Every figure is taken from the newest vintage up to and including
 * that release, so a brief for an old quarter does not change when later notes revise it; for
 * the default (latest) quarter this is exactly `latest_observations`.
 *
 * @example
 * const data = await assembleBriefData(db, { entitySlug: 'biomedicale-mirandola' });
 * data.release.noteNumber; // "n. 69"
 * @throws BriefDataError `REPORT_UNKNOWN_ENTITY`, `REPORT_NO_DATA`, `REPORT_BAD_REQUEST`
 */
export async function assembleBriefData(db: Kysely<Database>, req: BriefRequest): Promise<BriefData> {
  if (req.quarter !== undefined && (!Number.isInteger(req.quarter) || req.quarter < 1 || req.quarter > 4)) {
    throw new BriefDataError('REPORT_BAD_REQUEST', `quarter must be 1..4, got ${req.quarter}; pass 1, 2, 3 or 4 or omit it for the latest`, {
      entity: req.entitySlug,
    });
  }
  if (req.quarter !== undefined && req.year === undefined) {
    throw new BriefDataError('REPORT_BAD_REQUEST', `quarter ${req.quarter} given without a year; pass both, or neither for the latest`, {
      entity: req.entitySlug,
    });
  }
  const entityRow = await db.selectFrom('entities').selectAll().where('slug', '=', req.entitySlug).executeTakeFirst();
  if (!entityRow) {
    throw new BriefDataError('REPORT_UNKNOWN_ENTITY', `no entity with slug "${req.entitySlug}"; list them with the CLI or sync the registry first`, {
      entity: req.entitySlug,
    });
  }
  const entity = toEntity(entityRow);
  const regionEntities = (await db.selectFrom('entities').selectAll().where('region', '=', entityRow.region).orderBy('id').execute()).map(toEntity);
  const registry = REGIONS[entityRow.region];
  const totalSlug = registry?.entities.find((e) => e.aggregates === 'distretti')?.slug;
  const regionalTotal = regionEntities.find((e) => e.slug === totalSlug) ?? null;
  const hubs = regionEntities.filter((e) => e.kind === 'polo' && e.id !== entity.id);
  const peers = [entity, ...hubs];

  const releases = await loadReleases(db, entityRow.region);
  const rank = new Map(releases.map((r, i) => [r.id, i]));

  // Reference quarter and base release, from the entity's own quarterly figures.
  const own = await db
    .selectFrom('observations')
    .select(['release_id', 'period_year', 'period_first_month', 'period_last_month'])
    .where('entity_id', '=', entity.id)
    .where('metric', 'in', METRICS)
    .where('release_id', 'in', releases.length ? releases.map((r) => r.id) : [-1])
    .execute();
  const ownQuarters = own.flatMap((o) => {
    const q = quarterOf({ year: o.period_year, firstMonth: o.period_first_month, lastMonth: o.period_last_month });
    return q === null || (req.year !== undefined && o.period_year !== req.year) ? [] : [{ releaseId: o.release_id, qi: quarterIndex(o.period_year, q) }];
  });
  const targetQi = req.quarter !== undefined && req.year !== undefined ? quarterIndex(req.year, req.quarter) : Math.max(-Infinity, ...ownQuarters.map((o) => o.qi));
  const carrying = ownQuarters.filter((o) => o.qi === targetQi).map((o) => releases[rank.get(o.releaseId)!]!);
  if (!Number.isFinite(targetQi) || carrying.length === 0) {
    const what = req.year === undefined ? 'any quarter' : req.quarter === undefined ? `${req.year}` : `${req.year}Q${req.quarter}`;
    throw new BriefDataError('REPORT_NO_DATA', `no loaded release has quarterly figures for "${entity.slug}" in ${what}; load a release that covers it`, {
      entity: entity.slug,
      year: req.year,
      quarter: req.quarter,
    });
  }
  const { year, quarter } = quarterFromIndex(targetQi);
  const base = pickBaseRelease(carrying, targetQi);
  const asOf = releases.filter((r) => r.series === base.series && rank.get(r.id)! <= rank.get(base.id)!);
  const previous = asOf.length >= 2 ? asOf[asOf.length - 2]! : null;

  // Every quarterly figure of the region in the window, from the releases up to the base one.
  const firstQi = targetQi - (WINDOW_QUARTERS - 1);
  const rows: ObsRow[] = (
    await db
      .selectFrom('observations')
      .select(['release_id', 'entity_id', 'period_year', 'period_first_month', 'period_last_month', 'metric', 'value', 'derived', 'page'])
      .where('release_id', 'in', asOf.map((r) => r.id))
      .where('entity_id', 'in', regionEntities.map((e) => e.id))
      .where('metric', 'in', METRICS)
      .where('period_year', '>=', quarterFromIndex(firstQi).year)
      .where('period_year', '<=', year)
      .execute()
  ).filter((o) => {
    const q = quarterOf({ year: o.period_year, firstMonth: o.period_first_month, lastMonth: o.period_last_month });
    return q !== null && quarterIndex(o.period_year, q) >= firstQi;
  });
  const vintage = newestVintage(rows, rank);

  const used = new Map<string, ObsRow>();
  const takeRow = (entityId: number, qi: number, metric: Metric): ObsRow | null => {
    const o = vintage.get(figureKey(entityId, qi, metric));
    if (!o) return null;
    used.set(obsKey(o), o);
    return o;
  };
  const take = (entityId: number, qi: number, metric: Metric): number | null => takeRow(entityId, qi, metric)?.value ?? null;

  const seriesEntities = regionalTotal ? [...peers, regionalTotal] : peers;
  const series: QuarterPoint[] = [];
  for (const e of seriesEntities) {
    for (let qi = firstQi; qi <= targetQi; qi++) {
      const p = quarterFromIndex(qi);
      const level = takeRow(e.id, qi, 'exports_meur');
      const yoy = takeRow(e.id, qi, 'yoy_pct');
      series.push({
        slug: e.slug,
        year: p.year,
        quarter: p.quarter,
        exportsMeur: level?.value ?? null,
        yoyPct: yoy?.value ?? null,
        exportsReleaseId: level?.release_id ?? null,
        yoyReleaseId: yoy?.release_id ?? null,
      });
    }
  }

  const latestYoy: LatestYoy[] = [];
  for (const e of regionEntities.filter((x) => x.kind === 'polo' || x.kind === 'distretto')) {
    const yoy = vintage.get(figureKey(e.id, targetQi, 'yoy_pct'));
    if (!yoy) continue;
    const yoyPct = take(e.id, targetQi, 'yoy_pct')!;
    latestYoy.push({ slug: e.slug, name: e.name, kind: e.kind, yoyPct, exportsMeur: take(e.id, targetQi, 'exports_meur'), dataSource: e.dataSource });
  }
  latestYoy.sort((a, b) => b.yoyPct - a.yoyPct || a.name.localeCompare(b.name, 'it'));

  // Revisions: each figure the base release prints, against its newest earlier vintage
  // (any earlier note, not only the one just before: consecutive notes often print
  // different quarters, the previous year's quarter last appearing a year earlier).
  const revisions: Revision[] = [];
  if (previous) {
    const earlier = newestVintage(rows.filter((o) => o.release_id !== base.id && !o.derived), rank);
    const seriesIds = new Set(seriesEntities.map((e) => e.id));
    for (const c of rows.filter((o) => o.release_id === base.id && !o.derived && seriesIds.has(o.entity_id))) {
      const p = earlier.get(figureKeyOf(c));
      if (!p || Math.abs(c.value - p.value) < 1e-9) continue;
      used.set(obsKey(c), c);
      used.set(obsKey(p), p);
      const e = seriesEntities.find((x) => x.id === p.entity_id)!;
      revisions.push({ slug: e.slug, name: e.name, year: p.period_year, quarter: quarterOf(toPeriod(p))!, metric: p.metric, previous: p.value, current: c.value, previousReleaseId: p.release_id });
    }
    const order = new Map(seriesEntities.map((e, i) => [e.slug, i]));
    revisions.sort((a, b) => order.get(a.slug)! - order.get(b.slug)! || a.year - b.year || a.quarter - b.quarter || a.metric.localeCompare(b.metric));
  }

  const usedRows = [...used.values()];
  const pagesBy = new Map<number, Set<number>>();
  for (const o of usedRows) {
    const s = pagesBy.get(o.release_id) ?? new Set<number>();
    if (o.page !== null) s.add(o.page);
    pagesBy.set(o.release_id, s);
  }
  const toRelease = (r: ReleaseRow): BriefRelease => ({
    id: r.id,
    source: r.source,
    title: r.title,
    coverYear: r.cover_year,
    coverMonth: r.cover_month,
    noteNumber: r.note_number,
    dataCutoff: r.data_cutoff,
    publishedOn: r.published_on,
    refYear: r.ref_year,
    refQuarter: r.ref_quarter,
    url: r.url,
    documentSha256: r.document_sha256,
    pages: [...(pagesBy.get(r.id) ?? [])].sort((a, b) => a - b),
  });
  const usedReleaseIds = new Set([base.id, ...usedRows.map((o) => o.release_id)]);
  const usedReleases = asOf.filter((r) => usedReleaseIds.has(r.id)).reverse().map(toRelease);

  const observations: ObservationKey[] = usedRows
    .map((o) => ({
      releaseId: o.release_id,
      entityId: o.entity_id,
      periodYear: o.period_year,
      periodFirstMonth: o.period_first_month,
      periodLastMonth: o.period_last_month,
      metric: o.metric,
    }))
    .sort((a, b) => a.releaseId - b.releaseId || a.entityId - b.entityId || a.periodYear - b.periodYear || a.periodFirstMonth - b.periodFirstMonth || a.metric.localeCompare(b.metric));

  return {
    region: entityRow.region,
    regionLabel: registry?.label ?? entityRow.region,
    comparison: req.comparison ?? 'poli',
    entity,
    year,
    quarter,
    peers,
    regionalTotal,
    series,
    latestYoy,
    release: toRelease(base),
    previousRelease: previous ? toRelease(previous) : null,
    revisions,
    releases: usedReleases,
    sample: usedReleases.some((r) => r.source === 'sample'),
    anyDerived: usedRows.some((o) => o.derived),
    observations,
  };
}

/** Loaded releases of a region, oldest vintage first (the order `latest_observations` uses). */
async function loadReleases(db: Kysely<Database>, region: string) {
  const rows = await db
    .selectFrom('releases')
    .select(['id', 'source', 'series', 'title', 'cover_year', 'cover_month', 'note_number', 'data_cutoff', 'published_on', 'ref_year', 'ref_quarter', 'url', 'document_sha256'])
    .where('region', '=', region)
    .where('status', '=', 'loaded')
    // loaded releases always know their cover month (only quarantined ones may not: migration 0004)
    .$narrowType<{ cover_year: number; cover_month: number }>()
    .execute();
  return rows.sort(
    (a, b) =>
      (a.ref_year ?? -1) - (b.ref_year ?? -1) ||
      (a.ref_quarter ?? -1) - (b.ref_quarter ?? -1) ||
      a.cover_year - b.cover_year ||
      a.cover_month - b.cover_month ||
      a.id - b.id,
  );
}

/** The release that first reports the quarter (its own note), latest cover among equals. */
function pickBaseRelease(carrying: readonly ReleaseRow[], targetQi: number): ReleaseRow {
  const refQi = (r: ReleaseRow) => (r.ref_year !== null && r.ref_quarter !== null ? quarterIndex(r.ref_year, r.ref_quarter) : Infinity);
  const eligible = carrying.filter((r) => refQi(r) >= targetQi);
  const pool = eligible.length ? eligible : [...carrying];
  const minRef = Math.min(...pool.map(refQi));
  // `carrying` follows release order, so the last one with the smallest reference is the newest cover.
  return pool.filter((r) => refQi(r) === minRef).at(-1)!;
}

/** Per figure, the observation of the newest release (printed beats derived within one release). */
function newestVintage(rows: readonly ObsRow[], rank: ReadonlyMap<number, number>): Map<string, ObsRow> {
  const out = new Map<string, ObsRow>();
  for (const o of rows) {
    const k = figureKeyOf(o);
    const cur = out.get(k);
    const newer = !cur || rank.get(o.release_id)! > rank.get(cur.release_id)! || (o.release_id === cur.release_id && cur.derived && !o.derived);
    if (newer) out.set(k, o);
  }
  return out;
}

const toPeriod = (o: ObsRow) => ({ year: o.period_year, firstMonth: o.period_first_month, lastMonth: o.period_last_month });
const figureKey = (entityId: number, qi: number, metric: Metric) => `${entityId}|${qi}|${metric}`;
const figureKeyOf = (o: ObsRow) => figureKey(o.entity_id, quarterIndex(o.period_year, quarterOf(toPeriod(o))!), o.metric);
const obsKey = (o: ObsRow) => `${o.release_id}|${figureKeyOf(o)}`;

function toEntity(r: { id: number; slug: string; name: string; kind: BriefEntity['kind']; sector: string; data_source: string }): BriefEntity {
  return { id: r.id, slug: r.slug, name: r.name, kind: r.kind, sector: r.sector, dataSource: r.data_source };
}
