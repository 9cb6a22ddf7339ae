import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getAdapter } from '../../src/extract/adapters/index.ts';
import { discoverReleases, type CachedListingPage, type ListingCache } from '../../src/extract/discover.ts';
import { discoverPending } from '../../src/pipeline/discover.ts';
import { silentLogger } from '../../src/log.ts';
import { LISTING_PATH, ROBOTS_PATH, startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { SamplePublisherOptionsError } from '../../src/sample-publisher/index.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { clientFor, startTestPublisher } from './http-sample-site.ts';

const log = silentLogger();

function memoryCache(): ListingCache & { pages: Map<string, CachedListingPage> } {
  const pages = new Map<string, CachedListingPage>();
  return { pages, get: async (url) => pages.get(url), put: async (p) => void pages.set(p.url, p) };
}

const listingRequests = (site: SamplePublisher, since = 0) => site.requests().slice(since).filter((r) => r.path.startsWith(LISTING_PATH));

describe('listing walk: revalidation and early stop (issue 13)', () => {
  let site: SamplePublisher;
  beforeEach(async () => {
    site = await startTestPublisher('2025-07-01');
  });
  afterEach(async () => {
    await site.close();
  });

  it('revalidates every page with its validators and reads the stored copy on 304, finding the same releases', async () => {
    const adapter = getAdapter('sample', { baseUrl: site.url });
    const cache = memoryCache();
    const first = await discoverReleases({ adapter, client: clientFor(site), log }, { cache });
    expect(first.complete).toBe(true);
    expect(first.notModifiedPages).toBe(0);
    const pages = first.fingerprint.pages.length;
    expect(pages).toBeGreaterThan(1);
    const before = site.requests().length;
    const again = await discoverReleases({ adapter, client: clientFor(site), log }, { cache });
    expect(again.releases).toEqual(first.releases);
    expect(again.notModifiedPages).toBe(pages);
    const reqs = listingRequests(site, before);
    expect(reqs).toHaveLength(pages);
    for (const r of reqs) {
      expect(r.headers['if-none-match']).toBe(cache.pages.get(new URL(r.path, site.url).toString())?.etag);
      expect(r.status).toBe(304);
    }
  });

  it('stops after the configured number of pages of known releases, and never counts a page without releases of ours', async () => {
    const adapter = getAdapter('sample', { baseUrl: site.url });
    const full = await discoverReleases({ adapter, client: clientFor(site), log });
    const known = new Set(full.releases.map((r) => r.url));
    const pagesWithOurs = full.fingerprint.pages.filter((p) => p.ingestable > 0).length;
    expect(pagesWithOurs).toBeGreaterThan(2);
    for (const depth of [1, 2]) {
      const walk = await discoverReleases({ adapter, client: clientFor(site), log }, { isKnown: async (r) => known.has(r.url), stopAfterKnownPages: depth });
      expect(walk.complete).toBe(false);
      expect(walk.fingerprint.pages.filter((p) => p.ingestable > 0)).toHaveLength(depth);
    }
    // The newest release unknown: the first page with ours does not count, the walk goes one further.
    const newest = full.releases[0]!.url;
    const walk = await discoverReleases({ adapter, client: clientFor(site), log }, { isKnown: async (r) => r.url !== newest && known.has(r.url), stopAfterKnownPages: 1 });
    expect(walk.releases.map((r) => r.url)).toContain(newest);
    expect(walk.fingerprint.pages.filter((p) => p.ingestable > 0)).toHaveLength(2);
    // Nothing known: every page.
    const none = await discoverReleases({ adapter, client: clientFor(site), log }, { isKnown: async () => false, stopAfterKnownPages: 1 });
    expect(none.complete).toBe(true);
    expect(none.releases).toEqual(full.releases);
  });
});

describe('discoverPending: when the pipeline walks everything', () => {
  let t: TestDb;
  let site: SamplePublisher;
  beforeAll(async () => {
    t = await createTestDb();
    site = await startTestPublisher('2025-07-01');
  });
  afterAll(async () => {
    await site.close();
    await t.close();
  });

  it('walks fully the first time, on --full-walk, and when the last full walk is older than the schedule; stops early otherwise', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const deps = { ...(await testPipelineDeps(t.db, site.url, { now: () => now })), listingWalk: { knownPages: 1, fullWalkEveryDays: 7 } };
    try {
      const first = await discoverPending(deps);
      expect(first.fullWalk).toBe(true);
      expect(first.pending.length).toBeGreaterThan(0);
      // Discovery writes no releases rows: record every listed release as loaded, as ingests would.
      for (const r of first.listed) {
        const sha = (r.coverYear * 100 + r.coverMonth).toString(16).padStart(64, '0');
        await t.db.insertInto('raw_documents').values({ sha256: sha, bytes: Buffer.from('%PDF-'), byte_size: 5, content_type: 'application/pdf' }).onConflict((oc) => oc.doNothing()).execute();
        await t.db
          .insertInto('releases')
          .values({ source: 'sample', series: r.series, region: r.region, title: r.title, cover_year: r.coverYear, cover_month: r.coverMonth, url: r.url, document_sha256: sha, status: 'loaded' })
          .execute();
      }
      const early = await discoverPending(deps);
      expect(early.fullWalk).toBe(false);
      expect(early.pending).toEqual([]);
      expect((await discoverPending(deps, { fullWalk: true })).fullWalk).toBe(true);
      now = new Date('2026-01-09T00:00:00Z'); // 8 days on; pages behind the stop were last read on day 0
      const scheduled = await discoverPending(deps);
      expect(scheduled.fullWalk).toBe(true);
      expect(scheduled.listed).toEqual(first.listed);
    } finally {
      deps.cleanup();
    }
  }, 120_000);
});

describe('sample publisher Crawl-delay setting', () => {
  it('declares 1 s by default and the configured delay otherwise, and rejects a nonsensical one', async () => {
    for (const [opt, want] of [[undefined, 'Crawl-delay: 1\n'], [0.25, 'Crawl-delay: 0.25\n']] as const) {
      const site = await startSamplePublisher({ asOf: '2019-01-31', ...(opt === undefined ? {} : { crawlDelaySeconds: opt }) });
      try {
        const text = await (await fetch(`${site.url}${ROBOTS_PATH}`)).text();
        expect(text).toContain(want);
      } finally {
        await site.close();
      }
    }
    await expect(startSamplePublisher({ crawlDelaySeconds: Number.NaN })).rejects.toBeInstanceOf(SamplePublisherOptionsError);
    await expect(startSamplePublisher({ crawlDelaySeconds: -1 })).rejects.toBeInstanceOf(SamplePublisherOptionsError);
  });
});
