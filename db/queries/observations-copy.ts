import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { COPY_TOKEN_SETTING, copyClientFor } from '../copy-clients.ts';
import type { ObservationRow } from '../../src/transform/to-rows.ts';
import { lazyRequire } from '../../src/lib/lazy-require.ts';

// Only the PostgreSQL path copies: a run on the embedded database, or one that loads nothing,
// does not load the package (issue 13: a run with nothing new).
const copyStreams = lazyRequire<typeof import('pg-copy-streams')>('pg-copy-streams');

const COLUMNS = [
  'release_id', 'entity_id', 'period_year', 'period_first_month', 'period_last_month', 'metric',
  'value', 'derived', 'page', 'x', 'y', 'table_id', 'row_label', 'column_label', 'raw_text',
] as const;

/** Rows per chunk written to the COPY stream. */
const LINES_PER_CHUNK = 2_000;

/**
 * Streams observation rows into `observations` with `COPY … FROM STDIN` on the connection `db`
 * runs on (inside its transaction, when it is one). Returns the rows copied, or `undefined`
 * when that connection is not a PostgreSQL pool client of ours (PGlite): the caller then inserts.
 * Plain COPY, no ON CONFLICT: only for releases that have no observations yet.
 */
export async function copyObservationRows(
  db: Kysely<Database>,
  rows: readonly (ObservationRow & { readonly release_id?: number })[],
  releaseId: number | undefined,
): Promise<number | undefined> {
  const who = await sql<{ pid: number; token: string | null }>`
    select pg_backend_pid() as pid, current_setting(${COPY_TOKEN_SETTING}, true) as token`.execute(db);
  const client = who.rows[0] ? copyClientFor(who.rows[0].pid, who.rows[0].token) : undefined;
  if (!client) return undefined;
  const stream = client.query(copyStreams().from(`COPY observations (${COLUMNS.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyText(rows, releaseId)), stream);
  return Number(stream.rowCount ?? rows.length);
}

/** COPY text format, a chunk of lines at a time (the benchmark writes the same bytes for `psql \copy`). */
export function* copyText(rows: readonly (ObservationRow & { readonly release_id?: number })[], releaseId: number | undefined): Generator<string> {
  let chunk: string[] = [];
  for (const r of rows) {
    chunk.push(
      [
        num(r.release_id ?? releaseId ?? null), num(r.entity_id), num(r.period_year), num(r.period_first_month), num(r.period_last_month),
        text(r.metric), num(r.value), r.derived ? 't' : 'f', num(r.page), num(r.x), num(r.y),
        text(r.table_id), text(r.row_label), text(r.column_label), text(r.raw_text),
      ].join('\t'),
    );
    if (chunk.length >= LINES_PER_CHUNK) {
      yield chunk.join('\n') + '\n';
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk.join('\n') + '\n';
}

function num(x: number | null | undefined): string {
  // String() round-trips float8 exactly and writes NaN / Infinity as PostgreSQL reads them.
  return x === null || x === undefined ? '\\N' : String(x);
}

const SPECIAL = /[\\\t\n\r]/;

function text(s: string | null | undefined): string {
  if (s === null || s === undefined) return '\\N';
  if (!SPECIAL.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
