import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { insertFetch, insertRawDocument, selectLastFetch, selectRawDocument, type RawDocumentRow } from '../../db/queries/raw-documents.ts';
import type { Database } from '../../db/schema.ts';
import { FatalError } from '../errors/distretti-error.ts';

/**
 * The immutable raw store: every fetched document kept by SHA-256, every fetch logged.
 * Later stages re-run from stored bytes (getRawDocument) without touching the network.
 */

export type { RawDocumentRow } from '../../db/queries/raw-documents.ts';

/** Outcome of a fetch as logged: a 200 with new bytes, a 200 with known bytes, a 304, or an error code. */
export type FetchOutcome = 'stored' | 'unchanged' | 'not-modified' | (string & {});

/** Outcomes whose response carried the document (so its validators describe stored bytes). */
const BODY_OUTCOMES = ['stored', 'unchanged'] as const;

// Headers that may carry credentials (the gate cookie among them) never reach the database.
const SECRET_HEADERS = new Set(['set-cookie', 'cookie', 'authorization', 'proxy-authorization']);

/** Lower-case hex SHA-256 of `bytes`. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Stores `bytes` under their hash. The same bytes are stored once (ON CONFLICT DO NOTHING);
 * stored bytes are never updated or deleted.
 */
export async function storeRawDocument(
  db: Kysely<Database>,
  doc: { bytes: Uint8Array; contentType: string | null | undefined },
): Promise<{ sha256: string; inserted: boolean }> {
  const sha256 = sha256Of(doc.bytes);
  const inserted = await insertRawDocument(db, { sha256, bytes: doc.bytes, contentType: doc.contentType ?? null });
  return { sha256, inserted };
}

export interface FetchRecord {
  url: string;
  finalUrl?: string | null;
  status?: number | null;
  /** Response headers; credentials are dropped before storing. */
  headers?: Readonly<Record<string, string>>;
  sha256?: string | null;
  outcome: FetchOutcome;
  /** @defaultValue now */
  fetchedAt?: Date;
}

/** Logs one fetch (success, 304 or failure); returns its id. */
export async function recordFetch(db: Kysely<Database>, f: FetchRecord): Promise<number> {
  return insertFetch(db, {
    url: f.url,
    finalUrl: f.finalUrl ?? null,
    status: f.status ?? null,
    headers: safeHeaders(f.headers ?? {}),
    sha256: f.sha256 ?? null,
    outcome: f.outcome,
    fetchedAt: f.fetchedAt ?? new Date(),
  });
}

/** A stored document's bytes became something else: `RAW_STORE_CORRUPT`. */
export class RawStoreCorruptError extends FatalError {
  constructor(sha256: string, actual: string) {
    super(
      'RAW_STORE_CORRUPT',
      `raw document ${sha256} now hashes to ${actual}: the database was altered outside distretti. Restore it from a backup.`,
      { documentSha256: sha256, actual },
    );
  }
}

/**
 * The stored document, its hash re-checked (the key is a promise about the bytes), or
 * undefined when not stored.
 */
export async function getRawDocument(db: Kysely<Database>, sha256: string): Promise<RawDocumentRow | undefined> {
  const doc = await selectRawDocument(db, sha256);
  if (doc) {
    const actual = sha256Of(doc.bytes);
    if (actual !== sha256) throw new RawStoreCorruptError(sha256, actual);
  }
  return doc;
}

export interface LastFetch {
  readonly fetchId: number;
  readonly sha256: string;
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  readonly fetchedAt: Date;
}

/**
 * The newest fetch of `url` that returned the document (not a 304 nor a failure): its
 * hash and the validators to send on the next conditional GET.
 */
export async function lastFetchFor(db: Kysely<Database>, url: string): Promise<LastFetch | undefined> {
  const f = await selectLastFetch(db, url, BODY_OUTCOMES);
  if (!f || !f.sha256) return undefined;
  return {
    fetchId: f.id,
    sha256: f.sha256,
    etag: f.headers.etag,
    lastModified: f.headers['last-modified'],
    fetchedAt: f.fetchedAt,
  };
}

function safeHeaders(h: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (!SECRET_HEADERS.has(k.toLowerCase())) out[k.toLowerCase()] = v;
  return out;
}
