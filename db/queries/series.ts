import { sql, type Kysely } from 'kysely';
import type { Database, Observation, Release } from '../schema.ts';
import type { Metric } from '../../src/domain/metric.ts';
import { comparePeriods, parsePeriodCode, periodCode, quarterPeriod, type Period } from '../../src/domain/period.ts';
import { resolveEntity } from './entities.ts';
import { ReleaseRowNotFoundError } from './releases.ts';

/** One figure of a series, ready for CSV (`entity,period,metric,value,release`). */
export interface SeriesRow {
  /** Canonical entity name. */
  readonly entity: string;
  readonly slug: string;
  /** Period code: `YYYYQn`, `YYYY` or `YYYYMmm-mm`. */
  readonly period: string;
  readonly metric: Metric;
  readonly value: number;
  /** True for a quarter computed from cumulative periods of the same vintage. */
  readonly derived: boolean;
  /** Id of the release (vintage) the value comes from. */
  readonly release: number;
  readonly releaseTitle: string;
  /** Cover month of that release, `YYYY-MM`. */
  readonly releaseCover: string;
  /** Reference quarter of that release, `YYYYQn` (null for a stub). */
  readonly releaseRef: string | null;
}

type RawSeriesRow = { entity: string; slug: string } & Pick<
  Observation,
  'period_year' | 'period_first_month' | 'period_last_month' | 'metric' | 'value' | 'derived' | 'release_id'
> &
  Pick<Release, 'title' | 'cover_year' | 'cover_month' | 'ref_year' | 'ref_quarter'>;

const toPeriod = (r: { period_year: number; period_first_month: number; period_last_month: number }): Period => ({
  year: r.period_year,
  firstMonth: r.period_first_month,
  lastMonth: r.period_last_month,
});

/** Maps and orders rows: by metric, then period (quarters before the cumulative span ending with them). */
function toSeriesRows(rows: readonly RawSeriesRow[]): SeriesRow[] {
  return rows
    .map((r) => ({ r, p: toPeriod(r) }))
    .sort((a, b) => (a.r.metric < b.r.metric ? -1 : a.r.metric > b.r.metric ? 1 : comparePeriods(a.p, b.p)))
    .map(({ r, p }) => ({
      entity: r.entity,
      slug: r.slug,
      period: periodCode(p),
      metric: r.metric,
      value: r.value,
      derived: r.derived,
      release: r.release_id,
      releaseTitle: r.title,
      releaseCover: `${r.cover_year}-${String(r.cover_month).padStart(2, '0')}`,
      releaseRef:
        r.ref_year !== null && r.ref_quarter !== null ? periodCode(quarterPeriod(r.ref_year, r.ref_quarter)) : null,
    }));
}

/**
 * The newest vintage of every figure of one entity (the `latest_observations`
 * view: loaded releases only, latest reference quarter wins, printed before derived).
 *
 * @example
 * await latestSeries(db, { entity: 'biomedicale-mirandola', metric: 'exports_meur' })
 */
export async function latestSeries(
  db: Kysely<Database>,
  q: { entity: string; metric?: Metric | undefined },
): Promise<SeriesRow[]> {
  const e = await resolveEntity(db, q.entity);
  let query = db
    .selectFrom('latest_observations as o')
    .innerJoin('entities as e', 'e.id', 'o.entity_id')
    .innerJoin('releases as r', 'r.id', 'o.release_id')
    .select([
      'e.name as entity',
      'e.slug',
      'o.period_year',
      'o.period_first_month',
      'o.period_last_month',
      'o.metric',
      'o.value',
      'o.derived',
      'o.release_id',
      'r.title',
      'r.cover_year',
      'r.cover_month',
      'r.ref_year',
      'r.ref_quarter',
    ])
    .where('o.entity_id', '=', e.id);
  if (q.metric) query = query.where('o.metric', '=', q.metric);
  return toSeriesRows(await query.execute());
}

/**
 * The series as it was known at a point in the past: for each figure, the newest
 * vintage among loaded releases that are not later than `asOfReleaseId` in vintage
 * order (reference quarter, then cover date), and/or were out by `asOfDate`
 * (published_on, else data_cutoff, ≤ the ISO date; a release with neither is
 * excluded). With neither bound it equals {@link latestSeries}.
 */
export async function seriesAsOf(
  db: Kysely<Database>,
  q: { entity: string; metric?: Metric | undefined; asOfReleaseId?: number | undefined; asOfDate?: string | undefined },
): Promise<SeriesRow[]> {
  const e = await resolveEntity(db, q.entity);
  if (q.asOfReleaseId !== undefined) {
    const exists = await db.selectFrom('releases').select('id').where('id', '=', q.asOfReleaseId).executeTakeFirst();
    if (!exists) throw new ReleaseRowNotFoundError(q.asOfReleaseId);
  }
  const conditions = [sql`r.status = 'loaded'`, sql`o.entity_id = ${e.id}`];
  if (q.metric) conditions.push(sql`o.metric = ${q.metric}`);
  if (q.asOfReleaseId !== undefined) {
    conditions.push(sql`(coalesce(r.ref_year, -1), coalesce(r.ref_quarter, -1), r.cover_year, r.cover_month) <=
      (select coalesce(a.ref_year, -1), coalesce(a.ref_quarter, -1), a.cover_year, a.cover_month
       from releases a where a.id = ${q.asOfReleaseId})`);
  }
  if (q.asOfDate !== undefined) conditions.push(sql`coalesce(r.published_on, r.data_cutoff) <= ${q.asOfDate}::date`);
  const rows = await sql<RawSeriesRow>`
    select distinct on (o.metric, o.period_year, o.period_first_month, o.period_last_month)
      e.name as entity, e.slug, o.period_year, o.period_first_month, o.period_last_month, o.metric, o.value, o.derived,
      o.release_id, r.title, r.cover_year, r.cover_month, r.ref_year, r.ref_quarter
    from observations o
    join releases r on r.id = o.release_id
    join entities e on e.id = o.entity_id
    where ${sql.join(conditions, sql` and `)}
    order by o.metric, o.period_year, o.period_first_month, o.period_last_month,
      r.ref_year desc nulls last, r.ref_quarter desc nulls last, r.cover_year desc, r.cover_month desc, o.derived asc
  `.execute(db);
  return toSeriesRows(rows.rows);
}

/** One vintage of one figure. */
export interface RevisionRow {
  readonly entity: string;
  readonly period: string;
  readonly metric: Metric;
  readonly value: number;
  readonly derived: boolean;
  /** value − the previous vintage's value (null for the first vintage). */
  readonly revision: number | null;
  readonly release: {
    readonly id: number;
    readonly title: string;
    readonly cover: string;
    readonly ref: string | null;
    readonly noteNumber: string | null;
    readonly dataCutoff: string | null;
    readonly publishedOn: string | null;
    readonly url: string | null;
  };
}

/**
 * Every vintage of one figure, oldest first, with each release's identity and the
 * revision against the vintage before it (loaded releases only).
 *
 * @example
 * await revisionHistory(db, { entity: 'Biomedicale di Mirandola', period: '2024Q1', metric: 'exports_meur' })
 */
export async function revisionHistory(
  db: Kysely<Database>,
  q: { entity: string; period: string | Period; metric: Metric },
): Promise<RevisionRow[]> {
  const e = await resolveEntity(db, q.entity);
  const p = typeof q.period === 'string' ? parsePeriodCode(q.period) : q.period;
  const rows = await db
    .selectFrom('observations as o')
    .innerJoin('releases as r', 'r.id', 'o.release_id')
    .select([
      'o.value',
      'o.derived',
      'r.id',
      'r.title',
      'r.cover_year',
      'r.cover_month',
      'r.ref_year',
      'r.ref_quarter',
      'r.note_number',
      'r.data_cutoff',
      'r.published_on',
      'r.url',
    ])
    .where('o.entity_id', '=', e.id)
    .where('o.metric', '=', q.metric)
    .where('o.period_year', '=', p.year)
    .where('o.period_first_month', '=', p.firstMonth)
    .where('o.period_last_month', '=', p.lastMonth)
    .where('r.status', '=', 'loaded')
    .orderBy(sql`r.ref_year asc nulls first`)
    .orderBy(sql`r.ref_quarter asc nulls first`)
    .orderBy('r.cover_year')
    .orderBy('r.cover_month')
    .execute();
  let prev: number | null = null;
  return rows.map((r) => {
    const revision = prev === null ? null : Math.round((r.value - prev) * 1e6) / 1e6;
    prev = r.value;
    return {
      entity: e.name,
      period: periodCode(p),
      metric: q.metric,
      value: r.value,
      derived: r.derived,
      revision,
      release: {
        id: r.id,
        title: r.title,
        cover: `${r.cover_year}-${String(r.cover_month).padStart(2, '0')}`,
        ref: r.ref_year !== null && r.ref_quarter !== null ? periodCode(quarterPeriod(r.ref_year, r.ref_quarter)) : null,
        noteNumber: r.note_number,
        dataCutoff: r.data_cutoff,
        publishedOn: r.published_on,
        url: r.url,
      },
    };
  });
}
