import { sql, type Kysely } from 'kysely';
import type { Database, Release } from '../schema.ts';
import type { LayoutFingerprint } from '../../src/domain/release.ts';
import { periodCode } from '../../src/domain/period.ts';

/** The newest loaded release of a series, whose layout a new release is compared with. */
export async function latestLoadedFingerprint(
  db: Kysely<Database>,
  series: string,
  region: string,
): Promise<LayoutFingerprint | undefined> {
  const row = await db
    .selectFrom('releases')
    .select('fingerprint')
    .where('series', '=', series)
    .where('region', '=', region)
    .where('status', '=', 'loaded')
    .where('fingerprint', 'is not', null)
    .orderBy('ref_year', 'desc')
    .orderBy('ref_quarter', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (row?.fingerprint as LayoutFingerprint | null) ?? undefined;
}

/**
 * The figures of the loaded release just before (ref year, quarter) in the same
 * series: the vintage a new release's revisions are judged against.
 */
export async function previousVintage(
  db: Kysely<Database>,
  q: { series: string; region: string; refYear: number; refQuarter: number },
): Promise<{ releaseId: number; figures: Array<{ entity: string; period: string; metric: string; value: number }> } | undefined> {
  const prev = await db
    .selectFrom('releases')
    .select('id')
    .where('series', '=', q.series)
    .where('region', '=', q.region)
    .where('status', '=', 'loaded')
    .where(sql<boolean>`(ref_year * 4 + ref_quarter) < ${q.refYear * 4 + q.refQuarter}`)
    .orderBy('ref_year', 'desc')
    .orderBy('ref_quarter', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!prev) return undefined;
  const rows = await db
    .selectFrom('observations as o')
    .innerJoin('entities as e', 'e.id', 'o.entity_id')
    .select(['e.name', 'o.period_year', 'o.period_first_month', 'o.period_last_month', 'o.metric', 'o.value'])
    .where('o.release_id', '=', prev.id)
    .where('o.derived', '=', false)
    .execute();
  return {
    releaseId: prev.id,
    figures: rows.map((r) => ({
      entity: r.name,
      period: periodCode({ year: r.period_year, firstMonth: r.period_first_month, lastMonth: r.period_last_month }),
      metric: r.metric,
      value: r.value,
    })),
  };
}

export async function releaseById(db: Kysely<Database>, id: number): Promise<Release | undefined> {
  return db.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The release already holding this exact document, if any (same bytes = nothing new to parse). */
export async function releaseByDocument(db: Kysely<Database>, sha256: string): Promise<Release | undefined> {
  return db.selectFrom('releases').selectAll().where('document_sha256', '=', sha256).executeTakeFirst();
}

export async function listReleases(db: Kysely<Database>): Promise<Release[]> {
  return db.selectFrom('releases').selectAll().orderBy('ref_year').orderBy('ref_quarter').orderBy('id').execute();
}

/** The latest single quarter with a loaded exports level for the entity. */
export async function latestQuarterFor(
  db: Kysely<Database>,
  entitySlug: string,
): Promise<{ year: number; quarter: number } | undefined> {
  const row = await db
    .selectFrom('latest_observations as o')
    .innerJoin('entities as e', 'e.id', 'o.entity_id')
    .select(['o.period_year', 'o.period_first_month'])
    .where('e.slug', '=', entitySlug)
    .where('o.metric', '=', 'exports_meur')
    .where(sql<boolean>`o.period_last_month - o.period_first_month = 2`)
    .orderBy('o.period_year', 'desc')
    .orderBy('o.period_first_month', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return { year: row.period_year, quarter: (row.period_first_month - 1) / 3 + 1 };
}

/** Per series and region, the latest reference quarter among loaded releases. */
export async function latestLoadedQuarters(
  db: Kysely<Database>,
): Promise<Array<{ series: string; region: string; refYear: number; refQuarter: number }>> {
  const rows = await sql<{ series: string; region: string; ref_year: number; ref_quarter: number }>`
    select distinct on (series, region) series, region, ref_year, ref_quarter
    from releases
    where status = 'loaded' and ref_year is not null and ref_quarter is not null
    order by series, region, ref_year desc, ref_quarter desc
  `.execute(db);
  return rows.rows.map((r) => ({ series: r.series, region: r.region, refYear: r.ref_year, refQuarter: r.ref_quarter }));
}
