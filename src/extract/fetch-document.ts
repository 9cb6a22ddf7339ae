import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema.ts';
import { isDistrettiError, NotRetryableError } from '../errors/distretti-error.ts';
import type { PoliteClient } from './http/polite-client.ts';
import { getRawDocument, lastFetchFor, recordFetch, storeRawDocument } from './raw-store.ts';

export interface FetchDocumentResult {
  /** Hash of the document now current at `url` (the stored one on a 304). */
  readonly sha256: string;
  /** True when the publisher answered 304: nothing new. */
  readonly notModified: boolean;
  /** Row id in `fetches`. */
  readonly fetchId: number;
  /** True when these bytes were not in the raw store before. */
  readonly newBytes: boolean;
}

/** A 304 arrived but we hold no document for the URL: `FETCH_NOT_MODIFIED_UNKNOWN`. */
export class NotModifiedWithoutDocumentError extends NotRetryableError {
  constructor(url: string) {
    super(
      'FETCH_NOT_MODIFIED_UNKNOWN',
      `${url} answered 304 Not Modified but no stored document matches its last fetch. Fetch it again without validators.`,
      { url },
    );
  }
}

/**
 * Fetches a document into the raw store, conditionally when it was fetched before (the last
 * successful fetch's ETag / Last-Modified). Every attempt — stored, unchanged, 304, or failed
 * with a typed error — is logged in `fetches`; failures are re-thrown after logging.
 *
 * @example const { sha256, notModified } = await fetchDocument({ client, db, url, log });
 */
export async function fetchDocument(deps: {
  client: PoliteClient;
  db: Kysely<Database>;
  url: string;
  log: Logger;
  /** @defaultValue 'pdf' */
  expect?: 'html' | 'pdf';
  /** @defaultValue () => new Date() */
  clock?: () => Date;
}): Promise<FetchDocumentResult> {
  const { client, db, url } = deps;
  const clock = deps.clock ?? (() => new Date());
  const log = deps.log.child({ component: 'fetch-document' });
  const last = await lastFetchFor(db, url);
  // Validators only help when the bytes they describe are really stored.
  const usable = last && (await getRawDocument(db, last.sha256)) ? last : undefined;
  let res;
  try {
    res = await client.get(url, {
      expect: deps.expect ?? 'pdf',
      ...(usable?.etag ? { etag: usable.etag } : {}),
      ...(usable?.lastModified ? { lastModified: usable.lastModified } : {}),
    });
  } catch (e) {
    const code = isDistrettiError(e) ? e.code : 'ERROR';
    const status = isDistrettiError(e) && typeof e.context.status === 'number' ? e.context.status : null;
    await recordFetch(db, { url, status, outcome: code, fetchedAt: clock() });
    log.warn({ url, code }, 'fetch failed');
    throw e;
  }
  if (res.notModified) {
    if (!usable) {
      await recordFetch(db, { url, finalUrl: res.finalUrl, status: res.status, headers: res.headers, outcome: 'FETCH_NOT_MODIFIED_UNKNOWN', fetchedAt: clock() });
      throw new NotModifiedWithoutDocumentError(url);
    }
    const fetchId = await recordFetch(db, {
      url,
      finalUrl: res.finalUrl,
      status: res.status,
      headers: res.headers,
      sha256: usable.sha256,
      outcome: 'not-modified',
      fetchedAt: clock(),
    });
    log.info({ url, sha256: usable.sha256 }, 'not modified since last fetch');
    return { sha256: usable.sha256, notModified: true, fetchId, newBytes: false };
  }
  const body = res.body ?? Buffer.alloc(0);
  const { sha256, inserted } = await storeRawDocument(db, { bytes: body, contentType: res.contentType });
  const fetchId = await recordFetch(db, {
    url,
    finalUrl: res.finalUrl,
    status: res.status,
    headers: res.headers,
    sha256,
    outcome: inserted ? 'stored' : 'unchanged',
    fetchedAt: clock(),
  });
  log.info({ url, sha256, bytes: body.length, newBytes: inserted }, 'document fetched');
  return { sha256, notModified: false, fetchId, newBytes: inserted };
}
