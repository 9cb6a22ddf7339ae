import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { getAdapter } from '../../src/extract/adapters/index.ts';
import { discoverReleases } from '../../src/extract/discover.ts';
import { fetchDocument } from '../../src/extract/fetch-document.ts';
import { getRawDocument, lastFetchFor, recordFetch, sha256Of, storeRawDocument } from '../../src/extract/raw-store.ts';
import { silentLogger } from '../../src/log.ts';
import type { SamplePublisher } from '../../src/sample-publisher/index.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { clientFor, startTestPublisher } from './http-sample-site.ts';

const log = silentLogger();

describe('raw store on PostgreSQL', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores the same bytes once and reads them back exactly', async () => {
    const bytes = Buffer.from('%PDF-1.4 same bytes %%EOF');
    const a = await storeRawDocument(t.db, { bytes, contentType: 'application/pdf' });
    const b = await storeRawDocument(t.db, { bytes: Buffer.from(bytes), contentType: 'text/plain' });
    expect(a).toEqual({ sha256: sha256Of(bytes), inserted: true });
    expect(b).toEqual({ sha256: a.sha256, inserted: false });
    const row = await getRawDocument(t.db, a.sha256);
    expect(row?.bytes.equals(bytes)).toBe(true);
    expect(row?.byteSize).toBe(bytes.length);
    expect(row?.contentType).toBe('application/pdf'); // the first insert wins; never updated
    const n = await sql<{ n: number }>`select count(*)::int as n from raw_documents where sha256 = ${a.sha256}`.execute(t.db);
    expect(n.rows[0]?.n).toBe(1);
    expect(await getRawDocument(t.db, '0'.repeat(64))).toBeUndefined();
  });

  it('detects bytes altered behind its back', async () => {
    const { sha256 } = await storeRawDocument(t.db, { bytes: Buffer.from('original'), contentType: null });
    await sql`update raw_documents set bytes = ${Buffer.from('tampered')} where sha256 = ${sha256}`.execute(t.db);
    await expect(getRawDocument(t.db, sha256)).rejects.toMatchObject({ code: 'RAW_STORE_CORRUPT', disposition: 'fatal' });
  });

  it('logs fetches without credentials and finds the validators of the last stored fetch', async () => {
    const { sha256 } = await storeRawDocument(t.db, { bytes: Buffer.from('v1'), contentType: 'application/pdf' });
    const url = 'http://pub.test/doc.pdf';
    await recordFetch(t.db, {
      url,
      status: 200,
      headers: { etag: '"e1"', 'last-modified': 'Mon, 02 Jun 2025 10:00:00 GMT', 'set-cookie': 'abc=accepted', Cookie: 'x=y' },
      sha256,
      outcome: 'stored',
      fetchedAt: new Date('2025-06-02T10:00:00Z'),
    });
    await recordFetch(t.db, { url, status: 304, outcome: 'not-modified', sha256, fetchedAt: new Date('2025-06-09T10:00:00Z') });
    await recordFetch(t.db, { url, status: 503, outcome: 'HTTP_SERVER_ERROR', fetchedAt: new Date('2025-06-16T10:00:00Z') });
    const last = await lastFetchFor(t.db, url);
    expect(last).toMatchObject({ sha256, etag: '"e1"', lastModified: 'Mon, 02 Jun 2025 10:00:00 GMT' });
    const stored = await sql<{ headers: Record<string, string> }>`select headers from fetches where url = ${url} and outcome = 'stored'`.execute(t.db);
    expect(stored.rows[0]?.headers).toEqual({ etag: '"e1"', 'last-modified': 'Mon, 02 Jun 2025 10:00:00 GMT' });
    expect(await lastFetchFor(t.db, 'http://pub.test/never')).toBeUndefined();
  });
});

describe('fetchDocument from the sample publisher into the raw store', () => {
  let t: TestDb;
  let site: SamplePublisher;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    site = await startTestPublisher('2025-07-01');
  });
  afterEach(async () => {
    await site.close();
  });

  async function newestReleaseUrl(): Promise<string> {
    const adapter = getAdapter('sample', { baseUrl: site.url });
    const { releases } = await discoverReleases({ adapter, client: clientFor(site), log });
    return releases[0]!.url;
  }

  it('passes the gate, stores the PDF, then gets 304 with the stored hash', async () => {
    const url = await newestReleaseUrl();
    const client = clientFor(site);
    const first = await fetchDocument({ client, db: t.db, url, log });
    expect(first).toMatchObject({ notModified: false, newBytes: true });
    const doc = await getRawDocument(t.db, first.sha256);
    expect(doc?.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(doc?.contentType).toBe('application/pdf');
    // The gate redirect was met once, then the cookie opened the PDF.
    const pdfAnswers = site.requests().filter((r) => r.path.startsWith('/content/dam/'));
    expect(pdfAnswers.map((r) => r.status)).toEqual([302, 200]);

    const second = await fetchDocument({ client, db: t.db, url, log });
    expect(second).toMatchObject({ notModified: true, sha256: first.sha256, newBytes: false });
    expect(site.requests().filter((r) => r.path.startsWith('/content/dam/')).at(-1)?.status).toBe(304);

    // A fresh client (new process: no cookie yet) still gets a 304 via the stored validators.
    const third = await fetchDocument({ client: clientFor(site), db: t.db, url, log });
    expect(third).toMatchObject({ notModified: true, sha256: first.sha256 });
    const outcomes = await sql<{ outcome: string; sha256: string | null }>`select outcome, sha256 from fetches where url = ${url} order by id`.execute(t.db);
    expect(outcomes.rows).toEqual([
      { outcome: 'stored', sha256: first.sha256 },
      { outcome: 'not-modified', sha256: first.sha256 },
      { outcome: 'not-modified', sha256: first.sha256 },
    ]);
  });

  it('never stores an HTML page served where the PDF belongs', async () => {
    const url = await newestReleaseUrl();
    site.setFault({ kind: 'html-instead-of-pdf' });
    const before = await sql<{ n: number }>`select count(*)::int as n from raw_documents`.execute(t.db);
    const err = await fetchDocument({ client: clientFor(site), db: t.db, url, log }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EXTRACT_NOT_A_PDF', disposition: 'not-retryable' });
    const after = await sql<{ n: number }>`select count(*)::int as n from raw_documents`.execute(t.db);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    const logged = await sql<{ outcome: string; sha256: string | null }>`select outcome, sha256 from fetches where url = ${url} order by id desc limit 1`.execute(t.db);
    expect(logged.rows[0]).toEqual({ outcome: 'EXTRACT_NOT_A_PDF', sha256: null });
  });

  it('refuses a truncated PDF (retryable) without storing it', async () => {
    const url = await newestReleaseUrl();
    site.setFault({ kind: 'truncated-pdf' });
    const db2 = await createTestDb();
    try {
      const err = await fetchDocument({ client: clientFor(site), db: db2.db, url, log }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'EXTRACT_PDF_TRUNCATED', disposition: 'retryable' });
      const n = await sql<{ n: number }>`select count(*)::int as n from raw_documents`.execute(db2.db);
      expect(n.rows[0]?.n).toBe(0);
      // Once the publisher serves the whole file again, the same call succeeds.
      site.setFault(null);
      const ok = await fetchDocument({ client: clientFor(site), db: db2.db, url, log });
      expect(ok.newBytes).toBe(true);
    } finally {
      await db2.close();
    }
  });

  it('gets a 404 for a release the site clock has not reached', async () => {
    const url = await newestReleaseUrl();
    site.setAsOf('2025-06-01');
    await expect(fetchDocument({ client: clientFor(site), db: t.db, url, log })).rejects.toMatchObject({ code: 'HTTP_NOT_FOUND' });
  });
});
