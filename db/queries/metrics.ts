import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** What `/metrics` reports from the database, read in one place. */
export interface DatabaseMetrics {
  releasesByStatus: Array<{ status: string; count: number }>;
  lastLoadedBySeries: Array<{ series: string; region: string; at: Date }>;
  lastSuccessByKind: Array<{ kind: string; at: Date; durationSeconds: number }>;
  /** Per stage: in the latest succeeded run that ran it, the time spent in it (summed over its subjects) and how many. */
  lastRunByStage: Array<{ stage: string; seconds: number; count: number }>;
  briefsByLang: Array<{ lang: string; count: number }>;
}

export async function databaseMetrics(db: Kysely<Database>): Promise<DatabaseMetrics> {
  const releasesByStatus = await db
    .selectFrom('releases')
    .select(['status', sql<number>`count(*)::int`.as('count')])
    .groupBy('status')
    .orderBy('status')
    .execute();
  const lastLoadedBySeries = await db
    .selectFrom('releases')
    .select(['series', 'region', sql<Date>`max(updated_at)`.as('at')])
    .where('status', '=', 'loaded')
    .groupBy(['series', 'region'])
    .orderBy('series')
    .execute();
  const runs = await sql<{ kind: string; at: Date; duration: number }>`
    select distinct on (kind) kind, finished_at as at, extract(epoch from finished_at - started_at)::float8 as duration
    from pipeline_runs where status = 'succeeded' and finished_at is not null
    order by kind, finished_at desc
  `.execute(db);
  const stages = await sql<{ stage: string; seconds: number; count: number }>`
    select distinct on (s.stage) s.stage,
      sum(extract(epoch from s.finished_at - s.started_at)) over w::float8 as seconds,
      (count(*) over w)::int as count
    from run_stages s join pipeline_runs r on r.id = s.run_id
    where r.status = 'succeeded' and s.status = 'succeeded' and s.started_at is not null and s.finished_at is not null
    window w as (partition by s.stage, s.run_id)
    order by s.stage, r.finished_at desc
  `.execute(db);
  const briefsByLang = await db
    .selectFrom('briefs')
    .select(['lang', sql<number>`count(*)::int`.as('count')])
    .groupBy('lang')
    .orderBy('lang')
    .execute();
  return {
    releasesByStatus,
    lastLoadedBySeries,
    lastSuccessByKind: runs.rows.map((r) => ({ kind: r.kind, at: r.at, durationSeconds: r.duration })),
    lastRunByStage: stages.rows,
    briefsByLang,
  };
}

/** A trivial round trip, for `/healthz`. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
