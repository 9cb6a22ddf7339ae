import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * SQL for the immutable raw store (`raw_documents`) and the fetch log (`fetches`).
 * Raw bytes are only ever inserted: no function here updates or deletes them.
 */

export interface RawDocumentRow {
  sha256: string;
  bytes: Buffer;
  byteSize: number;
  contentType: string | null;
  firstSeenAt: Date;
}

export interface FetchRow {
  id: number;
  url: string;
  finalUrl: string | null;
  status: number | null;
  headers: Record<string, string>;
  sha256: string | null;
  outcome: string;
  fetchedAt: Date;
}

export type NewFetch = Omit<FetchRow, 'id'>;

/** Inserts a document unless its hash is already stored; true when this call inserted it. */
export async function insertRawDocument(
  db: Kysely<Database>,
  doc: { sha256: string; bytes: Uint8Array; contentType: string | null },
): Promise<boolean> {
  const res = await db
    .insertInto('raw_documents')
    .values({ sha256: doc.sha256, bytes: doc.bytes, byte_size: doc.bytes.length, content_type: doc.contentType })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function selectRawDocument(db: Kysely<Database>, sha256: string): Promise<RawDocumentRow | undefined> {
  const r = await db.selectFrom('raw_documents').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  if (!r) return undefined;
  return {
    sha256: r.sha256,
    bytes: Buffer.from(r.bytes),
    byteSize: r.byte_size,
    contentType: r.content_type,
    // Generated<Timestamp> in db/schema.ts selects as the ColumnType itself; pg returns a Date.
    firstSeenAt: r.first_seen_at as unknown as Date,
  };
}

/** Appends one fetch to the log; returns its id. */
export async function insertFetch(db: Kysely<Database>, f: NewFetch): Promise<number> {
  const r = await db
    .insertInto('fetches')
    .values({
      url: f.url,
      final_url: f.finalUrl,
      status: f.status,
      headers: JSON.stringify(f.headers),
      sha256: f.sha256,
      outcome: f.outcome,
      fetched_at: f.fetchedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** The newest fetch of `url` with the given outcomes (newest by time, then id). */
export async function selectLastFetch(db: Kysely<Database>, url: string, outcomes: readonly string[]): Promise<FetchRow | undefined> {
  const r = await db
    .selectFrom('fetches')
    .selectAll()
    .where('url', '=', url)
    .where('outcome', 'in', [...outcomes])
    .orderBy('fetched_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    id: Number(r.id),
    url: r.url,
    finalUrl: r.final_url,
    status: r.status,
    headers: r.headers,
    sha256: r.sha256,
    outcome: r.outcome,
    fetchedAt: r.fetched_at,
  };
}
