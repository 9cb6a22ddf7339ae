import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { ObservationRow } from '../../src/transform/to-rows.ts';
import { copyObservationRows } from './observations-copy.ts';

/** What a write did: rows new, rows changed in place, rows already equal. */
export interface WriteCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

/**
 * Rows per statement on the bulk path: each column travels as one array parameter,
 * so size is bounded by memory, not by the 65,535-parameter limit.
 * @defaultValue 20000
 */
export const BULK_CHUNK = 20_000;

/**
 * Bulk upsert of one release's observations: each column is sent as one array and
 * expanded with `unnest` (graphile-worker's batching habit), inserted with
 * ON CONFLICT on the natural key (release, entity, period, metric). A row equal to
 * the stored one is not touched (the conflict's WHERE is false), so a reload writes
 * nothing; a differing one is updated in place (same release = same vintage, e.g.
 * after an extractor fix). Counts come from `xmax = 0` (a fresh insert). A release
 * with no rows yet takes a plain INSERT from the same `unnest` (nothing can conflict).
 *
 * @example
 * await upsertObservations(trx, releaseId, rows) // → { inserted: 640, updated: 0, unchanged: 0 }
 */
export async function upsertObservations(
  db: Kysely<Database>,
  releaseId: number,
  rows: readonly ObservationRow[],
  opts: { chunkSize?: number } = {},
): Promise<WriteCounts> {
  return upsertObservationRows(db, rows, { ...opts, releaseId });
}

/** An observations row that carries its own release id (bulk loads across releases). */
export interface KeyedObservationRow extends ObservationRow {
  readonly release_id: number;
}

/**
 * The bulk path itself: like {@link upsertObservations}, for rows of any number of
 * releases (each row's `release_id`), or all of `opts.releaseId`.
 */
export async function upsertObservationRows(
  db: Kysely<Database>,
  rows: readonly (ObservationRow | KeyedObservationRow)[],
  opts: { chunkSize?: number; releaseId?: number; /** First loads by COPY where possible. @defaultValue true */ copy?: boolean } = {},
): Promise<WriteCounts> {
  const size = opts.chunkSize ?? BULK_CHUNK;
  if (rows.length > 0 && opts.copy !== false) {
    // A first load of its releases (nothing can conflict) on PostgreSQL goes in with COPY, the
    // protocol's fastest path (issue 13); constraints and foreign keys are checked as for INSERT.
    const ids = [...new Set(rows.map((r) => ('release_id' in r ? r.release_id : opts.releaseId)))];
    if (ids.some((id) => id === undefined)) throw new TypeError('upsertObservationRows: a row has no release_id and no opts.releaseId');
    if (!(await anyObservationsOf(db, ids as number[]))) {
      const copied = await copyObservationRows(db, rows, opts.releaseId);
      if (copied !== undefined) return { inserted: copied, updated: 0, unchanged: rows.length - copied };
    }
  }
  let inserted = 0;
  let updated = 0;
  const literalsOf = (from: number) => {
    const chunk = rows.slice(from, from + size);
    const releaseIds = chunk.map((r) => ('release_id' in r ? r.release_id : opts.releaseId));
    if (releaseIds.some((id) => id === undefined)) throw new TypeError('upsertObservationRows: a row has no release_id and no opts.releaseId');
    return {
      release_id: numberArray(releaseIds as number[]),
      releaseIdList: [...new Set(releaseIds as number[])],
      ...arrayLiterals(columns(chunk)),
    };
  };
  let next = rows.length > 0 ? literalsOf(0) : null;
  for (let i = 0; next !== null; i += size) {
    const c = next;
    const input = sql`unnest(
          ${c.release_id}::int[], ${c.entity_id}::int[], ${c.period_year}::int[], ${c.period_first_month}::int[], ${c.period_last_month}::int[],
          ${c.metric}::text[], ${c.value}::float8[], ${c.derived}::bool[], ${c.page}::int[],
          ${c.x}::float8[], ${c.y}::float8[], ${c.table_id}::text[], ${c.row_label}::text[],
          ${c.column_label}::text[], ${c.raw_text}::text[]
        ) as t(release_id, entity_id, period_year, period_first_month, period_last_month, metric, value, derived, page,
               x, y, table_id, row_label, column_label, raw_text)`;
    // A release with no rows yet (every first load) cannot conflict: a plain INSERT
    // skips speculative insertion and the RETURNING count, the bulk path's main cost.
    // Concurrent loads of one release serialise on its releases row (locked by the
    // upsert before this), so the check cannot go stale within a load.
    const fresh = !(await anyObservationsOf(db, c.releaseIdList));
    const pending = fresh
      ? sql`
      insert into observations (release_id, entity_id, period_year, period_first_month, period_last_month, metric,
                                value, derived, page, x, y, table_id, row_label, column_label, raw_text)
      select release_id, entity_id, period_year, period_first_month, period_last_month, metric,
             value, derived, page, x, y, table_id, row_label, column_label, raw_text
      from ${input}`
          .execute(db)
          .then((r) => ({ rows: [{ inserted: Number(r.numAffectedRows ?? 0n), updated: 0 }] }))
      : sql<{ inserted: number; updated: number }>`
      with input as (
        select * from ${input}
      ), written as (
        insert into observations (release_id, entity_id, period_year, period_first_month, period_last_month, metric,
                                  value, derived, page, x, y, table_id, row_label, column_label, raw_text)
        select release_id, entity_id, period_year, period_first_month, period_last_month, metric,
               value, derived, page, x, y, table_id, row_label, column_label, raw_text
        from input
        on conflict (release_id, entity_id, period_year, period_first_month, period_last_month, metric) do update set
          value = excluded.value, derived = excluded.derived, page = excluded.page, x = excluded.x, y = excluded.y,
          table_id = excluded.table_id, row_label = excluded.row_label, column_label = excluded.column_label,
          raw_text = excluded.raw_text
        where (observations.value, observations.derived, observations.page, observations.x, observations.y,
               observations.table_id, observations.row_label, observations.column_label, observations.raw_text)
          is distinct from
              (excluded.value, excluded.derived, excluded.page, excluded.x, excluded.y,
               excluded.table_id, excluded.row_label, excluded.column_label, excluded.raw_text)
        returning (xmax = 0) as fresh
      )
      select count(*) filter (where fresh)::int as inserted, count(*) filter (where not fresh)::int as updated from written
    `.execute(db);
    // Let the statement reach the server, then build the next chunk's literals while
    // Postgres works on this one: client and server overlap on two cores.
    await new Promise<void>((resolve) => setImmediate(resolve));
    next = i + size < rows.length ? literalsOf(i + size) : null;
    const r = await pending;
    inserted += r.rows[0]?.inserted ?? 0;
    updated += r.rows[0]?.updated ?? 0;
  }
  return { inserted, updated, unchanged: rows.length - inserted - updated };
}

/**
 * Row-by-row baseline (one INSERT per observation, same ON CONFLICT semantics):
 * only for the benchmark's comparison, never used by loads.
 */
export async function insertObservationsRowByRow(
  db: Kysely<Database>,
  rows: readonly KeyedObservationRow[],
): Promise<number> {
  let inserted = 0;
  for (const r of rows) {
    const res = await db
      .insertInto('observations')
      .values({ ...r })
      .onConflict((oc) =>
        oc.columns(['release_id', 'entity_id', 'period_year', 'period_first_month', 'period_last_month', 'metric']).doNothing(),
      )
      .executeTakeFirst();
    inserted += Number(res.numInsertedOrUpdatedRows ?? 0n);
  }
  return inserted;
}

/**
 * Deletes the release's observations whose key is not among `rows`: a reload of a
 * re-extracted release converges to exactly its new figures. Returns rows deleted.
 */
export async function deleteObservationsNotIn(
  db: Kysely<Database>,
  releaseId: number,
  rows: readonly ObservationRow[],
): Promise<number> {
  const c = columns(rows);
  const r = await sql`
    delete from observations o
    where o.release_id = ${releaseId}
      and not exists (
        select 1 from unnest(${c.entity_id}::int[], ${c.period_year}::int[], ${c.period_first_month}::int[],
                             ${c.period_last_month}::int[], ${c.metric}::text[])
               as k(entity_id, period_year, period_first_month, period_last_month, metric)
        where k.entity_id = o.entity_id and k.period_year = o.period_year
          and k.period_first_month = o.period_first_month and k.period_last_month = o.period_last_month
          and k.metric = o.metric)
  `.execute(db);
  return Number(r.numAffectedRows ?? 0n);
}

/** Sets release_entities of a release to exactly `entityIds`; returns rows inserted + deleted. */
export async function replaceReleaseEntities(
  db: Kysely<Database>,
  releaseId: number,
  entityIds: readonly number[],
): Promise<number> {
  let changed = 0;
  if (entityIds.length > 0) {
    const ins = await sql`
      insert into release_entities (release_id, entity_id)
      select ${releaseId}::int, e from unnest(${[...entityIds]}::int[]) as e
      on conflict do nothing
    `.execute(db);
    changed += Number(ins.numAffectedRows ?? 0n);
  }
  const del = await db
    .deleteFrom('release_entities')
    .where('release_id', '=', releaseId)
    .where('entity_id', 'not in', entityIds.length > 0 ? [...entityIds] : [-1])
    .executeTakeFirst();
  return changed + Number(del.numDeletedRows);
}

/**
 * md5 of the full content of each table that holds loaded data, in a fixed order:
 * equal hashes before and after a reload prove it changed nothing.
 */
export async function contentHashes(db: Kysely<Database>): Promise<Record<string, string>> {
  const q = (table: string, order: string) =>
    sql<{ h: string | null }>`select md5(coalesce(string_agg(t::text, E'\\n' order by ${sql.raw(order)}), '')) as h from ${sql.table(table)} t`;
  const out: Record<string, string> = {};
  for (const [table, order] of [
    ['observations', 'release_id, entity_id, metric, period_year, period_first_month, period_last_month'],
    ['release_entities', 'release_id, entity_id'],
    ['validation_findings', 'id'],
    ['releases', 'id'],
    ['entities', 'id'],
    ['entity_aliases', 'region, alias_norm'],
  ] as const) {
    out[table] = (await q(table, order).execute(db)).rows[0]?.h ?? '';
  }
  return out;
}

function columns(rows: readonly ObservationRow[]) {
  const n = rows.length;
  const c = {
    entity_id: new Array<number>(n),
    period_year: new Array<number>(n),
    period_first_month: new Array<number>(n),
    period_last_month: new Array<number>(n),
    metric: new Array<string>(n),
    value: new Array<number>(n),
    derived: new Array<boolean>(n),
    page: new Array<number | null>(n),
    x: new Array<number | null>(n),
    y: new Array<number | null>(n),
    table_id: new Array<string | null>(n),
    row_label: new Array<string | null>(n),
    column_label: new Array<string | null>(n),
    raw_text: new Array<string | null>(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i] as ObservationRow;
    c.entity_id[i] = r.entity_id;
    c.period_year[i] = r.period_year;
    c.period_first_month[i] = r.period_first_month;
    c.period_last_month[i] = r.period_last_month;
    c.metric[i] = r.metric;
    c.value[i] = r.value;
    c.derived[i] = r.derived;
    c.page[i] = r.page;
    c.x[i] = r.x;
    c.y[i] = r.y;
    c.table_id[i] = r.table_id;
    c.row_label[i] = r.row_label;
    c.column_label[i] = r.column_label;
    c.raw_text[i] = r.raw_text;
  }
  return c;
}

/**
 * Postgres array literals built here rather than by `pg` (whose per-element
 * prepareValue dominated client time on the bulk path): numbers as written by
 * String() (exact round trip for float8, NaN/Infinity included), text double-quoted
 * with `"` and `\\` escaped, null as NULL. Sent as plain strings and cast (`::int[]`).
 */
function arrayLiterals(c: ReturnType<typeof columns>) {
  return {
    entity_id: numberArray(c.entity_id),
    period_year: numberArray(c.period_year),
    period_first_month: numberArray(c.period_first_month),
    period_last_month: numberArray(c.period_last_month),
    metric: textArray(c.metric),
    value: numberArray(c.value),
    derived: '{' + c.derived.map((b) => (b ? 't' : 'f')).join(',') + '}',
    page: numberArray(c.page),
    x: numberArray(c.x),
    y: numberArray(c.y),
    table_id: textArray(c.table_id),
    row_label: textArray(c.row_label),
    column_label: textArray(c.column_label),
    raw_text: textArray(c.raw_text),
  };
}

function numberArray(xs: readonly (number | null)[]): string {
  return '{' + xs.map((x) => (x === null || x === undefined ? 'NULL' : String(x))).join(',') + '}';
}

const NEEDS_ESCAPE = /["\\]/;

function textArray(xs: readonly (string | null)[]): string {
  return (
    '{' +
    xs.map((x) => (x === null || x === undefined ? 'NULL' : NEEDS_ESCAPE.test(x) ? `"${x.replace(/["\\]/g, '\\$&')}"` : `"${x}"`)).join(',') +
    '}'
  );
}

/** Whether any of these releases already has observations (PK prefix lookup). */
async function anyObservationsOf(db: Kysely<Database>, releaseIds: readonly number[]): Promise<boolean> {
  const r = await sql<{ any: boolean }>`
    select exists (select 1 from observations where release_id = any(${[...releaseIds]}::int[])) as any
  `.execute(db);
  return r.rows[0]?.any === true;
}
