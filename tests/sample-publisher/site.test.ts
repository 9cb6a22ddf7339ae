import { load } from 'cheerio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ER_SERIES_SLUG, FOREIGN_PDF_URL, LISTING_PATH, PAGE_SIZE, encodePath, gateIdFor, pdfPath,
  startSamplePublisher, type SamplePublisher,
} from '../../src/sample-publisher/index.ts';
import type { RenderVariant, SampleCatalog, SampleFigure, SampleReleaseInfo } from '../../src/sample-publisher/types.ts';
import { loadSampleCatalog } from '../../src/sample-publisher/dataset/index.ts';
import { renderReleasePdf } from '../../src/sample-publisher/pdf/index.ts';

/**
 * The site over real HTTP (fetch, port 0) with the repository's sample dataset and the real
 * release renderer. One server for the file (a release takes ~0.5 s to render and renders are
 * cached per server); each test resets the clock and the fault first.
 */

const AS_OF = '2025-12-31';
const catalog: SampleCatalog = loadSampleCatalog();
const renderRelease = renderReleasePdf;
const releases = catalog.releases().filter((r) => r.publishedOn <= AS_OF);
const newest = releases.at(-1)!;
const ER_TITLES = ["Monitor dei Distretti dell'Emilia-Romagna", "Monitor dei Distretti dell'Emilia Romagna", 'Monitor dei Distretti dell\u2019Emilia-Romagna'];
const isRelease = (title: string): boolean => /Emilia.Romagna/.test(title);

interface Card { title: string; subtitle: string; date: string; href: string }

let site: SamplePublisher;
let renders: string[] = [];

beforeAll(async () => {
  const render = (info: SampleReleaseInfo, figures: readonly SampleFigure[], opts: { variant: RenderVariant }): Promise<Buffer> => {
    renders.push(`${info.id}:${opts.variant}`);
    return renderRelease(info, figures, opts);
  };
  site = await startSamplePublisher({ catalog, render, asOf: AS_OF });
});
afterAll(async () => {
  await site.close();
});
beforeEach(() => {
  site.setFault(null);
  site.setAsOf(AS_OF);
  renders = [];
});

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return fetch(`${site.url}${path}`, { redirect: 'manual', headers, method });
}

async function listing(page?: number): Promise<{ res: Response; cards: Card[]; next: string | undefined; html: string }> {
  const res = await get(page === undefined ? LISTING_PATH : `${LISTING_PATH}?page=${page}`);
  const html = await res.text();
  const $ = load(html);
  const cards = $('article.research-card').toArray().map((el) => ({
    title: $(el).find('.research-card__title').text(),
    subtitle: $(el).find('.research-card__subtitle').text(),
    date: $(el).find('time.research-card__date').attr('datetime') ?? '',
    href: $(el).find('a.research-card__download').attr('href') ?? '',
  }));
  return { res, cards, next: $('nav.pagination a.pagination__next').attr('href'), html };
}

function hrefOf(r: SampleReleaseInfo): string {
  return encodePath(pdfPath(r.series || DEFAULT_ER_SERIES_SLUG, r.coverYear, r.fileName));
}

/** Follows the gate the way a crawler must: read the uuid from the redirect, send the cookie. */
async function cookieFor(href: string): Promise<string> {
  const res = await get(href);
  expect(res.status).toBe(302);
  const uuid = new URL(res.headers.get('location')!, site.url).searchParams.get('NEXT_URL')!;
  return `${uuid}=accepted`;
}

async function pdf(href: string, extra: Record<string, string> = {}): Promise<{ res: Response; body: Buffer }> {
  const res = await get(href, { cookie: await cookieFor(href), ...extra });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

const MONTHS = ['Gennaio', 'Febbraio', 'Marzo', 'Aprile', 'Maggio', 'Giugno', 'Luglio', 'Agosto', 'Settembre', 'Ottobre', 'Novembre', 'Dicembre'];

describe('robots.txt', () => {
  it('asks for a crawl delay and keeps crawlers out of /private/', async () => {
    const res = await get('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n');
  });
});

describe('listing', () => {
  it('shows 10 mixed documents a page, newest first, with percent-encoded PDF links', async () => {
    const { res, cards, next } = await listing();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(cards).toHaveLength(PAGE_SIZE);
    const dates = cards.map((c) => c.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(dates.every((d) => d <= AS_OF)).toBe(true);
    // The newest release is on page 1, among unrelated documents.
    const card = cards.find((c) => c.href === hrefOf(newest));
    expect(card).toBeDefined();
    expect(ER_TITLES).toContain(card!.title);
    expect(card!.subtitle).toBe(`${MONTHS[newest.coverMonth - 1]} ${newest.coverYear}`);
    expect(card!.date).toBe(newest.publishedOn);
    expect(card!.href).toMatch(/^\/content\/dam\/portalgroup\/repository-documenti\/research\/it\/monitor-distretti-emilia-romagna\/\d{4}\/Monitor%20dei%20Distretti%20Emilia-Romagna%20[a-z]+%20\d{4}\.pdf$/);
    expect(cards.some((c) => !isRelease(c.title))).toBe(true);
    for (const c of cards) {
      expect(c.href).not.toContain(' ');
      expect(c.href).toMatch(/^\/content\/dam\/portalgroup\/repository-documenti\/research\/it\/[a-z-]+\/\d{4}\/.+%20.+\.pdf$/);
    }
    expect(next).toBe('?page=2');
    expect((await listing(1)).cards).toEqual(cards);
  });

  it('paginates to the last page, then answers 404', async () => {
    const all: Card[] = [];
    let page = 1;
    let next: string | undefined = '';
    while (next !== undefined) {
      const r = await listing(page);
      expect(r.res.status).toBe(200);
      all.push(...r.cards);
      next = r.next;
      if (next !== undefined) expect(next).toBe(`?page=${page + 1}`);
      page += 1;
    }
    const lastPage = page - 1;
    expect(lastPage).toBe(Math.ceil(all.length / PAGE_SIZE));
    expect(new Set(all.map((c) => c.href)).size).toBe(all.length);
    const dates = all.map((c) => c.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    const er = all.filter((c) => isRelease(c.title));
    expect(er.map((c) => c.href)).toEqual(releases.map(hrefOf).reverse());
    for (const c of er) expect(ER_TITLES).toContain(c.title);
    // Unrelated documents outnumber the releases (about 16 a year against 4).
    expect(all.length - er.length).toBeGreaterThan(2 * er.length);
    expect((await listing(lastPage + 1)).res.status).toBe(404);
    expect((await get(`${LISTING_PATH}?page=0`)).status).toBe(404);
    expect((await get(`${LISTING_PATH}?page=abc`)).status).toBe(404);
  });

  it('answers 304 to If-None-Match and If-Modified-Since, 200 when the copy is stale', async () => {
    const { res, cards } = await listing();
    const etag = res.headers.get('etag')!;
    const lastModified = res.headers.get('last-modified')!;
    expect(lastModified).toBe(new Date(`${cards[0]!.date}T00:00:00Z`).toUTCString());
    const byTag = await get(LISTING_PATH, { 'if-none-match': etag });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get('etag')).toBe(etag);
    expect(await byTag.text()).toBe('');
    expect((await get(`${LISTING_PATH}?page=1`, { 'if-none-match': `"x", ${etag}` })).status).toBe(304);
    expect((await get(LISTING_PATH, { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(LISTING_PATH, { 'if-modified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' })).status).toBe(200);
    expect((await get(LISTING_PATH, { 'if-none-match': '"stale"' })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since.
    expect((await get(LISTING_PATH, { 'if-none-match': '"stale"', 'if-modified-since': lastModified })).status).toBe(200);
  });

  it('is byte-identical across restarts (stable ETags for a crawler that restarts)', async () => {
    const a = (await listing(2)).res.headers.get('etag');
    const other = await startSamplePublisher({ catalog, render: renderRelease, asOf: AS_OF });
    try {
      expect((await fetch(`${other.url}${LISTING_PATH}?page=2`)).headers.get('etag')).toBe(a);
    } finally {
      await other.close();
    }
  });
});

describe('disclaimer gate', () => {
  it('redirects a PDF without cookie to the disclaimer, and serves the PDF with it', async () => {
    const href = hrefOf(newest);
    const first = await get(href);
    expect(first.status).toBe(302);
    const location = first.headers.get('location')!;
    expect(location).toMatch(/^\/en\/research\/disclaimer\/disclaimer\?NEXT_URL=[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const uuid = new URL(location, site.url).searchParams.get('NEXT_URL')!;

    const disclaimer = await get(location);
    expect(disclaimer.status).toBe(200);
    expect(disclaimer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(load(await disclaimer.text())('a.disclaimer__accept').text()).toBe('Accetto');

    const ok = await get(href, { cookie: `other=1; ${uuid}=accepted` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    const body = Buffer.from(await ok.arrayBuffer());
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(body.subarray(-8).toString('latin1')).toMatch(/%%EOF\s*$/);
    expect(Number(ok.headers.get('content-length'))).toBe(body.length);
    expect(ok.headers.get('last-modified')).toBe(new Date(`${newest.publishedOn}T00:00:00Z`).toUTCString());

    // Another document's cookie does not open this one; the uuid is fixed per document.
    const other = await cookieFor(hrefOf(releases.at(-2)!));
    expect((await get(href, { cookie: other })).status).toBe(302);
    expect(await cookieFor(href)).toBe(`${uuid}=accepted`);
  });

  it("the disclaimer's Accetto link sets the cookie and leads back to the PDF", async () => {
    const href = hrefOf(releases.at(-2)!);
    const location = (await get(href)).headers.get('location')!;
    const $ = load(await (await get(location)).text());
    const accept = await get($('a.disclaimer__accept').attr('href')!);
    expect(accept.status).toBe(302);
    expect(accept.headers.get('location')).toBe(href);
    const cookie = accept.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/=accepted$/);
    const res = await get(href, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
  });

  it('gates unrelated documents too and serves them small valid PDFs', async () => {
    const { cards } = await listing();
    const unrelated = cards.find((c) => !isRelease(c.title))!;
    expect((await get(unrelated.href)).status).toBe(302);
    const { res, body } = await pdf(unrelated.href);
    expect(res.status).toBe(200);
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(body.length).toBeLessThan(60_000);
    expect(renders).toEqual([]); // not the release renderer
  });

  it('answers 304 on PDFs for ETag and If-Modified-Since, and renders each PDF once', async () => {
    const r = releases.at(-3)!;
    const href = hrefOf(r);
    const { res } = await pdf(href);
    const etag = res.headers.get('etag')!;
    expect((await pdf(href, { 'if-none-match': etag })).res.status).toBe(304);
    expect((await pdf(href, { 'if-modified-since': res.headers.get('last-modified')! })).res.status).toBe(304);
    const dayBefore = new Date(Date.parse(`${r.publishedOn}T00:00:00Z`) - 86_400_000).toUTCString();
    expect((await pdf(href, { 'if-modified-since': dayBefore })).res.status).toBe(200);
    expect(renders).toEqual([`${r.id}:normal`]);
  });

  it('answers HEAD like GET without a body, refuses other methods, 404s unknown PDFs', async () => {
    const href = hrefOf(newest);
    const cookie = await cookieFor(href);
    const head = await get(href, { cookie }, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(500);
    expect(await head.text()).toBe('');
    const post = await get(LISTING_PATH, {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await get(href.replace('.pdf', '%20bis.pdf'))).status).toBe(404);
    expect((await get('/nope')).status).toBe(404);
  });
});

describe('clock', () => {
  it('shows a release only from its publication date', async () => {
    const dayBefore = new Date(Date.parse(`${newest.publishedOn}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    site.setAsOf(dayBefore);
    const href = hrefOf(newest);
    // The right cookie, so the 404 can only come from the clock.
    const cookie = `${gateIdFor(decodeURIComponent(href))}=accepted`;
    expect((await get(href, { cookie })).status).toBe(404);
    const before = await listing();
    expect(before.cards.some((c) => c.href === href)).toBe(false);
    expect(before.cards[0]!.date <= dayBefore).toBe(true);
    const etag = before.res.headers.get('etag')!;

    site.setAsOf(newest.publishedOn);
    expect(site.asOf()).toBe(newest.publishedOn);
    const after = await listing();
    // At the top: nothing is newer, and it is among the documents of that day.
    expect(after.cards[0]!.date).toBe(newest.publishedOn);
    expect(after.cards.filter((c) => c.date === newest.publishedOn).map((c) => c.href)).toContain(href);
    expect((await get(LISTING_PATH, { 'if-none-match': etag })).status).toBe(200);
    const { res, body } = await pdf(href);
    expect(res.status).toBe(200);
    expect(body.subarray(0, 4).toString('latin1')).toBe('%PDF');
  });

  it('rejects a malformed date and keeps the old one', () => {
    expect(() => site.setAsOf('2025-13-01')).toThrow(/YYYY-MM-DD/);
    expect(site.asOf()).toBe(AS_OF);
  });
});

describe('request log', () => {
  it('records method, path, status and time, with the cookie redacted', async () => {
    const href = hrefOf(newest);
    const t0 = Date.now();
    const seen = site.requests().length;
    await pdf(href);
    const recs = site.requests().slice(seen);
    expect(recs.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', href, 302],
      ['GET', href, 200],
    ]);
    expect(recs[1]!.headers.cookie).toBe('[redacted]');
    expect(recs[0]!.headers.cookie).toBeUndefined();
    expect(recs[0]!.time).toBeGreaterThanOrEqual(t0 - 5);
    expect(recs[1]!.time).toBeGreaterThanOrEqual(recs[0]!.time);
  });
});

describe('faults', () => {
  it('unavailable: 503 with Retry-After for K requests, then recovers', async () => {
    site.setFault({ kind: 'unavailable', retryAfterSeconds: 7, requests: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await get(LISTING_PATH);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('7');
    }
    expect((await get(LISTING_PATH)).status).toBe(200);
    expect((await get(LISTING_PATH)).status).toBe(200);
  });

  it('unavailable scoped to a path leaves other paths alone', async () => {
    site.setFault({ kind: 'unavailable', retryAfterSeconds: 1, requests: 1, pathContains: '.pdf' });
    expect((await get(LISTING_PATH)).status).toBe(200);
    expect((await get(hrefOf(newest))).status).toBe(503);
    expect((await get(hrefOf(newest))).status).toBe(302);
  });

  it('slow: delays each answer', async () => {
    site.setFault({ kind: 'slow', delayMs: 400 });
    const t0 = performance.now();
    expect((await get('/robots.txt')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
    site.setFault(null);
    const t1 = performance.now();
    await get('/robots.txt');
    expect(performance.now() - t1).toBeLessThan(390);
  });

  it('truncated-pdf: the body is cut in half, Content-Length honest, not a complete PDF', async () => {
    const href = hrefOf(newest);
    const full = (await pdf(href)).body;
    site.setFault({ kind: 'truncated-pdf' });
    const { res, body } = await pdf(href);
    expect(res.status).toBe(200);
    expect(body.length).toBe(Math.floor(full.length / 2));
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(body.includes('%%EOF')).toBe(false);
    expect(full.subarray(0, body.length).equals(body)).toBe(true);
  });

  it('html-instead-of-pdf: 200 text/html on a PDF URL, even with the cookie', async () => {
    const href = hrefOf(newest);
    const cookie = await cookieFor(href);
    site.setFault({ kind: 'html-instead-of-pdf' });
    for (const headers of [{}, { cookie }] as Record<string, string>[]) {
      const res = await get(href, headers);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect((await res.text()).startsWith('<!DOCTYPE html>')).toBe(true);
    }
    site.setFault(null);
    expect((await get(href, { cookie })).headers.get('content-type')).toBe('application/pdf');
  });

  it('drifted-release: the newest release is rendered with the drifted layout, others unchanged', async () => {
    const older = hrefOf(releases.at(-2)!);
    const normal = await pdf(hrefOf(newest));
    const olderNormal = await pdf(older);
    site.setFault({ kind: 'drifted-release' });
    const drifted = await pdf(hrefOf(newest));
    expect(drifted.res.status).toBe(200);
    expect(drifted.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(drifted.body.equals(normal.body)).toBe(false);
    expect(drifted.res.headers.get('etag')).not.toBe(normal.res.headers.get('etag'));
    expect((await pdf(older)).body.equals(olderNormal.body)).toBe(true);
    expect(renders.filter((r) => r.endsWith(':drifted'))).toEqual([`${newest.id}:drifted`]);
  });

  it('listing-markup-changed: the contract selectors find nothing, the documents are still there', async () => {
    site.setFault({ kind: 'listing-markup-changed' });
    const { res, cards, next, html } = await listing();
    expect(res.status).toBe(200);
    expect(cards).toEqual([]);
    expect(next).toBeUndefined();
    const $ = load(html);
    expect($('.research-card, .research-card__download, time.research-card__date, .pagination').length).toBe(0);
    expect($('li.pub-tile')).toHaveLength(PAGE_SIZE);
    expect($('a.pub-tile__link').first().attr('href')).toMatch(/\.pdf$/);
  });

  it('foreign-link: the newest release entry points off-host', async () => {
    site.setFault({ kind: 'foreign-link' });
    const { cards } = await listing();
    const foreign = cards.filter((c) => c.href === FOREIGN_PDF_URL);
    expect(foreign).toHaveLength(1);
    expect(isRelease(foreign[0]!.title)).toBe(true);
    expect(foreign[0]!.date).toBe(newest.publishedOn);
    expect(cards.filter((c) => c.href.startsWith('/content/dam/'))).toHaveLength(PAGE_SIZE - 1);
  });

  it('rejects malformed faults before switching', () => {
    expect(() => site.setFault({ kind: 'slow', delayMs: -1 })).toThrow(/delayMs/);
    expect(() => site.setFault({ kind: 'unavailable', retryAfterSeconds: 1, requests: 0 })).toThrow(/requests/);
  });
});
