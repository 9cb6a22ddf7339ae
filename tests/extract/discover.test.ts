import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAdapter } from '../../src/extract/adapters/index.ts';
import { compareListingFingerprints, discoverReleases, parseListingPage, type ListingFingerprint } from '../../src/extract/discover.ts';
import { createPoliteClient } from '../../src/extract/http/polite-client.ts';
import { silentLogger } from '../../src/log.ts';
import type { SamplePublisher } from '../../src/sample-publisher/index.ts';
import { clientFor, startTestPublisher, testCatalog, virtualTime } from './http-sample-site.ts';

const log = silentLogger();

describe('discoverReleases against the sample publisher', () => {
  let site: SamplePublisher;
  beforeEach(async () => {
    site = await startTestPublisher('2025-07-01');
  });
  afterEach(async () => {
    await site.close();
  });

  it('finds exactly the visible Emilia-Romagna releases across every page, nothing else', async () => {
    const adapter = getAdapter('sample', { baseUrl: site.url });
    const time = virtualTime();
    const { releases, fingerprint, foreignLinks } = await discoverReleases({ adapter, client: clientFor(site, time), log });
    const expected = testCatalog()
      .releases()
      .filter((r) => r.publishedOn <= '2025-07-01')
      .map((r) => ({ coverYear: r.coverYear, coverMonth: r.coverMonth, publishedOn: r.publishedOn }))
      .reverse(); // the listing is newest first
    expect(releases.map((r) => ({ coverYear: r.coverYear, coverMonth: r.coverMonth, publishedOn: r.publishedOn }))).toEqual(expected);
    for (const r of releases) {
      expect(r.series).toBe('monitor-distretti-emilia-romagna');
      expect(r.region).toBe('emilia-romagna');
      expect(r.url.startsWith(`${site.url}/content/dam/portalgroup/repository-documenti/research/it/`)).toBe(true);
      expect(r.title).toMatch(/Emilia.Romagna/);
    }
    expect(foreignLinks).toEqual([]);
    // Several pages of 10; other series recognised but not ingested; unrelated notes not recognised.
    expect(fingerprint.pages.length).toBeGreaterThan(2);
    expect(fingerprint.pages.at(-1)?.hasNext).toBe(false);
    expect(fingerprint.pages.reduce((s, p) => s + p.recognisedDisabled, 0)).toBeGreaterThan(0);
    expect(fingerprint.pages.reduce((s, p) => s + p.unrecognised, 0)).toBeGreaterThan(0);
    expect(new Set(fingerprint.pages.map((p) => p.entryShape)).size).toBeLessThanOrEqual(2);
    // robots.txt read once; its Crawl-delay (1 s) spaced the page requests (rate 2/s would be 500 ms).
    const paths = site.requests().map((r) => r.path);
    expect(paths.filter((p) => p === '/robots.txt')).toHaveLength(1);
    expect(time.sleeps.filter((ms) => ms === 1000).length).toBe(fingerprint.pages.length);
  });

  it('sees a release appear when the clock passes its publication day', async () => {
    const adapter = getAdapter('sample', { baseUrl: site.url });
    site.setAsOf('2025-06-25');
    const before = await discoverReleases({ adapter, client: clientFor(site), log });
    expect(before.releases.some((r) => r.coverYear === 2025 && r.coverMonth === 6)).toBe(false);
    site.setAsOf('2025-06-26');
    const after = await discoverReleases({ adapter, client: clientFor(site), log });
    expect(after.releases[0]).toMatchObject({ coverYear: 2025, coverMonth: 6, publishedOn: '2025-06-26' });
    expect(after.releases).toHaveLength(before.releases.length + 1);
  });

  it('ingests another regional monitor by configuration only', async () => {
    const adapter = getAdapter('sample', { baseUrl: site.url, enableSeries: ['monitor-distretti-lombardia'] });
    const { releases } = await discoverReleases({ adapter, client: clientFor(site), log });
    const lombardia = releases.filter((r) => r.series === 'monitor-distretti-lombardia');
    expect(lombardia.length).toBeGreaterThan(0);
    expect(lombardia.every((r) => r.region === 'lombardia' && /Lombardia/.test(r.url))).toBe(true);
    expect(releases.some((r) => r.series === 'monitor-distretti-emilia-romagna')).toBe(true);
    expect(releases.some((r) => r.series === 'monitor-dei-distretti')).toBe(false);
  });

  it('reports changed listing markup as LISTING_LAYOUT_DRIFT, never as "no new releases"', async () => {
    site.setFault({ kind: 'listing-markup-changed' });
    const adapter = getAdapter('sample', { baseUrl: site.url });
    const err = await discoverReleases({ adapter, client: clientFor(site), log }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'LISTING_LAYOUT_DRIFT',
      disposition: 'not-retryable',
      details: { adapterId: 'sample', problem: 'no entries matched the entry selector', expected: { entry: 'article.research-card' } },
    });
    const found = (err as { details: { found: { commonClasses: string[]; pdfLinks: number } } }).details.found;
    expect(found.pdfLinks).toBeGreaterThan(0); // the page has documents: it is the markup that moved
    expect(found.commonClasses.join(' ')).not.toContain('research-card');
  });

  it('reports a link to a foreign host and does not follow it', async () => {
    site.setFault({ kind: 'foreign-link' });
    const adapter = getAdapter('sample', { baseUrl: site.url });
    const { releases, foreignLinks, fingerprint } = await discoverReleases({ adapter, client: clientFor(site), log });
    expect(foreignLinks).toEqual([expect.objectContaining({ href: 'http://evil.example.invalid/x.pdf' })]);
    expect(releases.every((r) => r.url.startsWith(site.url))).toBe(true);
    expect(fingerprint.pages.reduce((s, p) => s + p.foreignLinks, 0)).toBe(1);
  });

  it('rides out a 503 spell honouring Retry-After', async () => {
    site.setFault({ kind: 'unavailable', retryAfterSeconds: 3, requests: 2, pathContains: 'ricerche' });
    const adapter = getAdapter('sample', { baseUrl: site.url });
    const time = virtualTime();
    const { releases } = await discoverReleases({ adapter, client: clientFor(site, time), log });
    expect(releases.length).toBeGreaterThan(0);
    expect(time.sleeps.filter((ms) => ms >= 3000)).toHaveLength(2);
    expect(site.requests().filter((r) => r.status === 503)).toHaveLength(2);
  });

  it('waits the real Retry-After before retrying (wall clock)', async () => {
    // 2 s: longer than the site's Crawl-delay (1 s), so the wait can only come from Retry-After.
    site.setFault({ kind: 'unavailable', retryAfterSeconds: 2, requests: 1, pathContains: 'ricerche' });
    const adapter = getAdapter('sample', { baseUrl: site.url });
    const client = createPoliteClient({
      userAgent: 'distretti-test/0.1 (+mailto:ops@example.org)', ratePerSecond: 50, timeoutMs: 5000, retries: 2, maxBytes: 1e7,
      allowedHosts: adapter.allowedHosts, log, backoffBaseMs: 10,
    });
    const res = await client.get(adapter.listingUrls[0]!, { expect: 'html' });
    expect(res.status).toBe(200);
    const listing = site.requests().filter((r) => r.path.includes('ricerche'));
    expect(listing.map((r) => r.status)).toEqual([503, 200]);
    expect(listing[1]!.time - listing[0]!.time).toBeGreaterThanOrEqual(1990);
  });

  it('stops after maxPages', async () => {
    const base = getAdapter('sample', { baseUrl: site.url });
    const adapter = { ...base, pagination: { ...base.pagination, maxPages: 2 } };
    const { fingerprint, releases } = await discoverReleases({ adapter, client: clientFor(site), log });
    expect(fingerprint.pages).toHaveLength(2);
    expect(fingerprint.pages[1]?.hasNext).toBe(true);
    expect(releases.length).toBeLessThan(11);
  });

  it('fails HTTP_TIMEOUT (retryable) when the site is too slow', async () => {
    site.setFault({ kind: 'slow', delayMs: 400, pathContains: 'ricerche' });
    const adapter = getAdapter('sample', { baseUrl: site.url });
    const err = await discoverReleases({ adapter, client: clientFor(site, virtualTime(), { timeoutMs: 100, retries: 1 }), log }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HTTP_TIMEOUT', disposition: 'retryable' });
  });
});

describe('parseListingPage (pure)', () => {
  const adapter = getAdapter('sample', { baseUrl: 'http://pub.test' });
  const card = (title: string, href: string | null) => `
    <article class="research-card"><h3 class="research-card__title">${title}</h3>
    <p class="research-card__subtitle">Ottobre 2020</p>
    <time class="research-card__date" datetime="2020-10-15">15 ottobre 2020</time>
    ${href === null ? '' : `<a class="research-card__download" href="${href}">Scarica PDF</a>`}</article>`;

  it('resolves relative links and the next page against the page URL', () => {
    const html = `${card("Monitor dei Distretti dell’Emilia Romagna", '/content/a%20b.pdf')}
      <nav class="pagination"><a class="pagination__next" href="?page=3" rel="next">Successiva</a></nav>`;
    const page = parseListingPage(html, 'http://pub.test/it/research/ricerche-e-pubblicazioni?page=2', adapter);
    expect(page.entries).toEqual([
      {
        title: 'Monitor dei Distretti dell’Emilia Romagna',
        subtitle: 'Ottobre 2020',
        dateText: '2020-10-15',
        href: 'http://pub.test/content/a%20b.pdf',
      },
    ]);
    expect(page.nextUrl).toBe('http://pub.test/it/research/ricerche-e-pubblicazioni?page=3');
  });

  it('throws LISTING_LAYOUT_DRIFT for an entry without a link', () => {
    expect(() => parseListingPage(card('Monitor dei Distretti', null), 'http://pub.test/l', adapter)).toThrow(
      expect.objectContaining({ code: 'LISTING_LAYOUT_DRIFT', details: expect.objectContaining({ problem: 'entry 1 has no link' }) }),
    );
  });

  it('flags a markup change that can still be read, and stays quiet when nothing changed', () => {
    const page = (entryShape: string, entryCount: number) => ({
      url: 'http://pub.test/l', entryCount, ingestable: 1, recognisedDisabled: 0, unrecognised: 0, foreignLinks: 0, hasNext: false, entryShape,
    });
    const fp = (pages: ReturnType<typeof page>[]): ListingFingerprint => ({
      adapterId: 'sample', selectors: adapter.selectors, pages, totalEntries: pages.reduce((n, p) => n + p.entryCount, 0),
    });
    const prev = fp([page('aaaa', 10), page('aaaa', 10)]);
    expect(compareListingFingerprints(prev, fp([page('aaaa', 10), page('aaaa', 9)]))).toEqual([]);
    expect(compareListingFingerprints(prev, fp([page('bbbb', 3)]))).toEqual([
      'entry markup changed (new structure bbbb)',
      'first listing page shows 3 entries, was 10',
      'listing shows 3 entries in all, was 20',
    ]);
  });
});

describe('discovery when titles no longer match any series', () => {
  let site: SamplePublisher;
  beforeEach(async () => {
    site = await startTestPublisher('2025-07-01');
  });
  afterEach(async () => {
    await site.close();
  });

  it('throws LISTING_LAYOUT_DRIFT when the title selector reads something else', async () => {
    const base = getAdapter('sample', { baseUrl: site.url });
    // Simulates a portal that moved the title: the configured title selector now hits the date.
    const adapter = { ...base, selectors: { ...base.selectors, title: 'time.research-card__date' } };
    const err = await discoverReleases({ adapter, client: clientFor(site), log }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LISTING_LAYOUT_DRIFT', details: { problem: 'no entry title matched any known series' } });
    expect((err as { details: { found: { sampleTitles: string[] } } }).details.found.sampleTitles[0]).toMatch(/\d{4}/);
  });
});

describe('discovery over the full sample dataset', () => {
  it('finds every release of the default catalog visible at the site clock, with its cover month', async () => {
    const { loadSampleCatalog } = await import('../../src/sample-publisher/dataset/index.ts');
    const { startSamplePublisher } = await import('../../src/sample-publisher/index.ts');
    const catalog = await loadSampleCatalog();
    const asOf = '2025-12-31';
    const site = await startSamplePublisher({ port: 0, asOf, catalog });
    try {
      const adapter = getAdapter('sample', { baseUrl: site.url });
      const { releases } = await discoverReleases({ adapter, client: clientFor(site), log });
      const want = catalog
        .releases()
        .filter((r) => r.publishedOn <= asOf)
        .map((r) => `${r.coverYear}-${r.coverMonth}@${r.publishedOn}`)
        .sort();
      expect(want.length).toBeGreaterThan(10);
      expect(releases.map((r) => `${r.coverYear}-${r.coverMonth}@${r.publishedOn}`).sort()).toEqual(want);
    } finally {
      await site.close();
    }
  });
});
