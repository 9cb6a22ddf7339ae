import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface BriefListing {
  id: number;
  entity: string;
  entitySlug: string;
  period: string;
  lang: 'it' | 'en';
  sha256: string;
  byteSize: number;
  createdAt: Date;
  releaseId: number | null;
  /** The note the brief is based on, as printed ("n. 69"), and its data cut-off (ISO date). */
  noteNumber: string | null;
  dataCutoff: string | null;
  releaseTitle: string | null;
}

export interface BriefFilter {
  entitySlug?: string | undefined;
  year?: number | undefined;
  quarter?: number | undefined;
  lang?: 'it' | 'en' | undefined;
  limit?: number | undefined;
}

/** Briefs without their bytes, newest quarter first, then newest rendered first. */
export async function listBriefs(db: Kysely<Database>, f: BriefFilter = {}): Promise<BriefListing[]> {
  let q = db
    .selectFrom('briefs as b')
    .innerJoin('entities as e', 'e.id', 'b.entity_id')
    .leftJoin('releases as r', 'r.id', 'b.based_on_release_id')
    .select((eb) => [
      'b.id',
      'e.name as entity',
      'e.slug as entitySlug',
      'b.period_year',
      'b.period_quarter',
      'b.lang',
      'b.sha256',
      eb.fn<number>('octet_length', ['b.bytes']).as('byteSize'),
      'b.created_at',
      'b.based_on_release_id',
      'r.note_number',
      'r.data_cutoff',
      'r.title',
    ]);
  if (f.entitySlug) q = q.where('e.slug', '=', f.entitySlug);
  if (f.year !== undefined) q = q.where('b.period_year', '=', f.year);
  if (f.quarter !== undefined) q = q.where('b.period_quarter', '=', f.quarter);
  if (f.lang) q = q.where('b.lang', '=', f.lang);
  const rows = await q
    .orderBy('b.period_year', 'desc')
    .orderBy('b.period_quarter', 'desc')
    .orderBy('b.created_at', 'desc')
    .orderBy('b.id', 'desc')
    .limit(f.limit ?? 200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    entity: r.entity,
    entitySlug: r.entitySlug,
    period: `${r.period_year}Q${r.period_quarter}`,
    lang: r.lang,
    sha256: r.sha256,
    byteSize: Number(r.byteSize),
    createdAt: r.created_at,
    releaseId: r.based_on_release_id,
    noteNumber: r.note_number,
    dataCutoff: r.data_cutoff,
    releaseTitle: r.title,
  }));
}

/** The values the catalogue's filters offer: entities and quarters that have briefs. */
export async function briefFacets(db: Kysely<Database>): Promise<{ entities: Array<{ slug: string; name: string }>; periods: string[] }> {
  const entities = await db
    .selectFrom('briefs as b')
    .innerJoin('entities as e', 'e.id', 'b.entity_id')
    .select(['e.slug', 'e.name'])
    .distinct()
    .orderBy('e.name')
    .execute();
  const periods = await db
    .selectFrom('briefs')
    .select(['period_year', 'period_quarter'])
    .distinct()
    .orderBy('period_year', 'desc')
    .orderBy('period_quarter', 'desc')
    .execute();
  return { entities, periods: periods.map((p) => `${p.period_year}Q${p.period_quarter}`) };
}

export async function briefBytes(
  db: Kysely<Database>,
  id: number,
): Promise<{ bytes: Uint8Array; sha256: string; slug: string; period: string; lang: string; createdAt: Date } | undefined> {
  const r = await db
    .selectFrom('briefs as b')
    .innerJoin('entities as e', 'e.id', 'b.entity_id')
    .select(['b.bytes', 'b.sha256', 'e.slug', 'b.period_year', 'b.period_quarter', 'b.lang', 'b.created_at'])
    .where('b.id', '=', id)
    .executeTakeFirst();
  if (!r) return undefined;
  return { bytes: r.bytes, sha256: r.sha256, slug: r.slug, period: `${r.period_year}Q${r.period_quarter}`, lang: r.lang, createdAt: r.created_at };
}

export interface EntityListing {
  id: number;
  slug: string;
  name: string;
  kind: string;
  sector: string;
  region: string;
}

export async function listEntities(db: Kysely<Database>): Promise<EntityListing[]> {
  return db.selectFrom('entities').select(['id', 'slug', 'name', 'kind', 'sector', 'region']).orderBy('region').orderBy('id').execute();
}

export async function entityBySlug(db: Kysely<Database>, slug: string): Promise<EntityListing | undefined> {
  return db.selectFrom('entities').select(['id', 'slug', 'name', 'kind', 'sector', 'region']).where('slug', '=', slug).executeTakeFirst();
}

/** A figure of an entity whose value differs between loaded vintages. */
export interface RevisedFigure {
  period_year: number;
  period_first_month: number;
  period_last_month: number;
  metric: string;
  vintages: number;
  first_value: number;
  last_value: number;
  first_note: string | null;
  last_note: string | null;
}

/** Figures of one entity revised across loaded releases, newest period first. */
export async function entityRevisedFigures(db: Kysely<Database>, entityId: number, limit = 30): Promise<RevisedFigure[]> {
  const r = await sql<RevisedFigure>`
    with v as (
      select o.period_year, o.period_first_month, o.period_last_month, o.metric, o.value, r.note_number,
        row_number() over w_asc as rn_asc, row_number() over w_desc as rn_desc,
        count(*) over (partition by o.period_year, o.period_first_month, o.period_last_month, o.metric) as vintages
      from observations o join releases r on r.id = o.release_id
      where o.entity_id = ${entityId} and r.status = 'loaded' and not o.derived
      window w_asc as (partition by o.period_year, o.period_first_month, o.period_last_month, o.metric
                       order by r.ref_year nulls first, r.ref_quarter nulls first, r.cover_year, r.cover_month),
             w_desc as (partition by o.period_year, o.period_first_month, o.period_last_month, o.metric
                       order by r.ref_year desc nulls last, r.ref_quarter desc nulls last, r.cover_year desc, r.cover_month desc)
    )
    select a.period_year, a.period_first_month, a.period_last_month, a.metric, a.vintages::int as vintages,
      a.value as first_value, b.value as last_value, a.note_number as first_note, b.note_number as last_note
    from v a join v b using (period_year, period_first_month, period_last_month, metric)
    where a.rn_asc = 1 and b.rn_desc = 1 and a.value <> b.value
    order by a.period_year desc, a.period_last_month desc, a.period_first_month desc, a.metric
    limit ${limit}
  `.execute(db);
  return r.rows;
}
