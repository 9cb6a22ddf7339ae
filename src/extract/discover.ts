import { createHash } from 'node:crypto';
import type * as Cheerio from 'cheerio';
import { throwIfCancelled } from '../lib/cancellation.ts';
import type { Logger } from 'pino';
import { ListingLayoutDriftError } from '../errors/listing-layout-drift-error.ts';
import { readIsoDate, readItalianMonthYear, type MonthYear } from './adapters/italian-dates.ts';
import { matchSeries } from './adapters/series.ts';
import type { SourceAdapter } from './adapters/types.ts';
import type { PoliteClient } from './http/polite-client.ts';
import { loadHtml } from './load-html.ts';

/** Loaded on the first listing page: ~27 MB a `worker` or CLI call that never discovers does not need. */

/** A release found on a listing page, ready to be fetched. */
export interface DiscoveredRelease {
  /** Absolute document URL on an allowed host. */
  readonly url: string;
  /** Title as printed on the listing. */
  readonly title: string;
  readonly series: string;
  readonly region: string;
  readonly coverYear: number;
  readonly coverMonth: number;
  /** ISO date from the entry's `datetime`, when shown. */
  readonly publishedOn?: string;
  /** The listing page it was found on. */
  readonly listingUrl: string;
}

/** One entry as read off the page, before series matching. */
export interface ListingEntry {
  readonly title: string;
  readonly subtitle: string | undefined;
  readonly dateText: string | undefined;
  /** Resolved against the page URL (kept verbatim when unparseable; then reported as foreign). */
  readonly href: string;
}

export interface ListingPageFingerprint {
  readonly url: string;
  readonly entryCount: number;
  /** Entries of enabled series. */
  readonly ingestable: number;
  /** Entries of recognised but disabled series. */
  readonly recognisedDisabled: number;
  readonly unrecognised: number;
  readonly foreignLinks: number;
  readonly hasNext: boolean;
  /** Hash of the entries' element structure (tags + classes): changes when the markup does. */
  readonly entryShape: string;
}

/** Structural summary of a listing walk, compared across runs to notice markup drift early. */
export interface ListingFingerprint {
  readonly adapterId: string;
  readonly selectors: SourceAdapter['selectors'];
  readonly pages: readonly ListingPageFingerprint[];
  readonly totalEntries: number;
}

/** A link we did not follow because it leaves the allowed hosts (or is not http/https). */
export interface ForeignLink {
  readonly title: string;
  readonly href: string;
  readonly listingUrl: string;
}

export interface DiscoverResult {
  readonly releases: DiscoveredRelease[];
  readonly fingerprint: ListingFingerprint;
  readonly foreignLinks: ForeignLink[];
  /** False when the walk stopped early at known pages (see {@link ListingWalkOptions}). */
  readonly complete: boolean;
  /** Pages answered 304 and read from the stored copy. */
  readonly notModifiedPages: number;
}

/** A listing page as last fetched, with the validators to revalidate it. */
export interface CachedListingPage {
  readonly url: string;
  readonly finalUrl: string;
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  readonly body: string;
}

/** Where listing pages are kept between runs (the database, in the pipeline). */
export interface ListingCache {
  get(url: string): Promise<CachedListingPage | undefined>;
  put(page: CachedListingPage): Promise<void>;
}

/**
 * How much of the listing to read. The listing is newest first, so once pages show only
 * releases we already hold, the older pages behind them have nothing new either (issue 13:
 * re-walking 18 pages was 90% of a run with nothing new). Without options the walk is full.
 */
export interface ListingWalkOptions {
  /** Revalidate pages (If-None-Match / If-Modified-Since) and read the stored copy on 304. */
  readonly cache?: ListingCache;
  /** Whether a release is already held; pages of held releases count towards stopping. */
  readonly isKnown?: (r: DiscoveredRelease) => Promise<boolean>;
  /**
   * Stop after this many consecutive pages whose releases are all known (pages without any
   * release of ours neither count nor break the streak). 0 or undefined: walk every page.
   */
  readonly stopAfterKnownPages?: number;
}

export interface ParsedListingPage {
  readonly entries: ListingEntry[];
  readonly nextUrl: string | undefined;
  readonly entryShape: string;
}

/**
 * Reads one listing page with the adapter's selectors. Pure (no I/O). Throws
 * {@link ListingLayoutDriftError} when no entry is found or an entry lacks its title or link:
 * a page we cannot read must never look like "nothing new".
 */
export function parseListingPage(html: string, pageUrl: string, adapter: SourceAdapter): ParsedListingPage {
  const $ = loadHtml(html);
  const sel = adapter.selectors;
  const drift = (problem: string, found: Record<string, unknown>) =>
    new ListingLayoutDriftError({
      adapterId: adapter.id,
      listingUrl: pageUrl,
      problem,
      expected: { entry: sel.entry, title: sel.title, link: sel.link, subtitle: sel.subtitle, date: sel.date },
      found,
    });
  const nodes = $(sel.entry).toArray();
  if (nodes.length === 0) {
    throw drift('no entries matched the entry selector', {
      pageTitle: $('title').first().text().trim(),
      commonClasses: commonClasses($),
      pdfLinks: $('a[href$=".pdf"], a[href*=".pdf?"]').length,
    });
  }
  const entries: ListingEntry[] = [];
  for (const [i, node] of nodes.entries()) {
    const el = $(node);
    const title = el.find(sel.title).first().text().replace(/\s+/g, ' ').trim();
    const rawHref = el.find(sel.link).first().attr('href')?.trim();
    if (!title || !rawHref) {
      throw drift(`entry ${i + 1} has no ${!title ? 'title' : 'link'}`, {
        entryIndex: i + 1,
        titleFound: title || null,
        linkFound: rawHref ?? null,
        entryClasses: shapeOf($, node),
        entryText: el.text().replace(/\s+/g, ' ').trim().slice(0, 200),
      });
    }
    const subtitle = sel.subtitle ? el.find(sel.subtitle).first().text().replace(/\s+/g, ' ').trim() || undefined : undefined;
    const dateEl = sel.date ? el.find(sel.date).first() : undefined;
    const dateText = dateEl && dateEl.length > 0 ? (dateEl.attr('datetime') ?? dateEl.text()).trim() || undefined : undefined;
    entries.push({ title, subtitle, dateText, href: resolveHref(rawHref, pageUrl) });
  }
  const nextHref = adapter.pagination.nextSelector ? $(adapter.pagination.nextSelector).first().attr('href')?.trim() : undefined;
  return {
    entries,
    nextUrl: nextHref ? resolveHref(nextHref, pageUrl) : undefined,
    entryShape: sha256Hex([...new Set(nodes.map((n) => shapeOf($, n)))].sort().join('\n')).slice(0, 16),
  };
}

/** Cover month and year of an entry, from the adapter's preferred sources in order. */
export function entryMonthYear(entry: ListingEntry, adapter: SourceAdapter): MonthYear | undefined {
  for (const source of adapter.monthYear.sources) {
    if (source === 'subtitle' && entry.subtitle) {
      const my = readItalianMonthYear(entry.subtitle, adapter.vocabulary);
      if (my) return my;
    } else if (source === 'title') {
      const my = readItalianMonthYear(entry.title, adapter.vocabulary);
      if (my) return my;
    } else if (source === 'date' && entry.dateText) {
      const iso = readIsoDate(entry.dateText);
      if (iso) return { year: iso.year, month: iso.month };
      const my = readItalianMonthYear(entry.dateText, adapter.vocabulary);
      if (my) return my;
    }
  }
  return undefined;
}

/**
 * Walks the adapter's listing pages (following the next link up to `maxPages`) and returns
 * the releases of enabled series, newest first as listed. Links to other hosts are reported
 * in `foreignLinks` and logged, never followed. Throws {@link ListingLayoutDriftError} on
 * markup it cannot read, and the client's typed errors on HTTP failures.
 */
export async function discoverReleases(
  deps: { adapter: SourceAdapter; client: PoliteClient; log: Logger },
  walk: ListingWalkOptions = {},
): Promise<DiscoverResult> {
  const { adapter, client } = deps;
  const stopAfter = walk.isKnown ? (walk.stopAfterKnownPages ?? 0) : 0;
  let knownStreak = 0;
  let complete = true;
  let notModifiedPages = 0;
  const log = deps.log.child({ component: 'discover', adapter: adapter.id });
  const allowed = new Set(adapter.allowedHosts.map((h) => h.toLowerCase()));
  const releases: DiscoveredRelease[] = [];
  const foreignLinks: ForeignLink[] = [];
  const pages: ListingPageFingerprint[] = [];
  const seenReleaseKeys = new Set<string>();
  const seenPages = new Set<string>();
  const sampleTitles: string[] = [];

  for (const firstUrl of adapter.listingUrls) {
    let pageUrl: string | undefined = firstUrl;
    for (let n = 0; pageUrl && n < adapter.pagination.maxPages; n++) {
      throwIfCancelled(); // a worker shutting down stops between listing pages
      if (seenPages.has(pageUrl)) break; // a next link pointing back: stop rather than loop
      seenPages.add(pageUrl);
      const fetched = await fetchListingPage(client, pageUrl, walk.cache);
      if (fetched.notModified) notModifiedPages++;
      const page = parseListingPage(fetched.body, fetched.finalUrl, adapter);
      const firstOfPage = releases.length;
      let ingestable = 0;
      let recognisedDisabled = 0;
      let unrecognised = 0;
      let foreign = 0;
      for (const entry of page.entries) {
        const series = matchSeries(adapter.series, entry.title);
        if (!series) {
          unrecognised++;
          if (sampleTitles.length < 5) sampleTitles.push(entry.title);
          continue;
        }
        if (!series.enabled) {
          recognisedDisabled++;
          continue;
        }
        if (!isAllowedLink(entry.href, allowed)) {
          foreign++;
          foreignLinks.push({ title: entry.title, href: entry.href, listingUrl: pageUrl });
          log.warn({ listingUrl: pageUrl, title: entry.title, href: entry.href }, 'listing links outside the allowed hosts; not followed');
          continue;
        }
        const my = entryMonthYear(entry, adapter);
        if (!my) {
          throw new ListingLayoutDriftError({
            adapterId: adapter.id,
            listingUrl: pageUrl,
            problem: `no cover month/year readable for "${entry.title}"`,
            expected: { monthYear: adapter.monthYear.sources.join(' > '), subtitle: adapter.selectors.subtitle, date: adapter.selectors.date },
            found: { title: entry.title, subtitle: entry.subtitle ?? null, date: entry.dateText ?? null },
          });
        }
        ingestable++;
        const key = `${series.id}/${my.year}/${my.month}`;
        if (seenReleaseKeys.has(key)) {
          log.warn({ key, href: entry.href }, 'the same release is listed twice; keeping the first link');
          continue;
        }
        seenReleaseKeys.add(key);
        const iso = entry.dateText ? readIsoDate(entry.dateText) : undefined;
        releases.push({
          url: entry.href,
          title: entry.title,
          series: series.id,
          region: series.region,
          coverYear: my.year,
          coverMonth: my.month,
          ...(iso ? { publishedOn: `${iso.year}-${pad(iso.month)}-${pad(iso.day)}` } : {}),
          listingUrl: pageUrl,
        });
      }
      pages.push({
        url: pageUrl,
        entryCount: page.entries.length,
        ingestable,
        recognisedDisabled,
        unrecognised,
        foreignLinks: foreign,
        hasNext: page.nextUrl !== undefined,
        entryShape: page.entryShape,
      });
      log.debug({ listingUrl: pageUrl, entries: page.entries.length, ingestable, notModified: fetched.notModified }, 'listing page read');
      pageUrl = page.nextUrl;
      if (stopAfter > 0 && walk.isKnown) {
        const onPage = releases.slice(firstOfPage);
        if (onPage.length > 0) knownStreak = (await allKnown(onPage, walk.isKnown)) ? knownStreak + 1 : 0;
        if (knownStreak >= stopAfter && pageUrl) {
          log.info({ listingUrl: pages[pages.length - 1]!.url, knownPages: knownStreak }, 'listing walk stopped: the pages behind hold only known releases');
          complete = false;
          pageUrl = undefined;
        }
      }
      if (pageUrl && !isAllowedLink(pageUrl, allowed)) {
        log.warn({ next: pageUrl }, 'next-page link leaves the allowed hosts; stopping pagination');
        pageUrl = undefined;
      }
    }
  }
  const recognised = pages.reduce((n, p) => n + p.ingestable + p.recognisedDisabled + p.foreignLinks, 0);
  if (pages.length > 0 && recognised === 0) {
    // Entries were found but none is a known series: the title selector most likely reads
    // something else now. Reporting "nothing new" here would hide the drift.
    throw new ListingLayoutDriftError({
      adapterId: adapter.id,
      listingUrl: pages[0]!.url,
      problem: 'no entry title matched any known series',
      expected: { title: adapter.selectors.title, series: adapter.series.map((s) => s.id).join(', ') },
      found: { entries: pages.reduce((n, p) => n + p.entryCount, 0), sampleTitles: sampleTitles.slice(0, 5) },
    });
  }
  const fingerprint: ListingFingerprint = {
    adapterId: adapter.id,
    selectors: adapter.selectors,
    pages,
    totalEntries: pages.reduce((s, p) => s + p.entryCount, 0),
  };
  log.info({ releases: releases.length, pages: pages.length, notModifiedPages, complete, foreignLinks: foreignLinks.length }, 'discovery finished');
  return { releases, fingerprint, foreignLinks, complete, notModifiedPages };
}

async function allKnown(releases: readonly DiscoveredRelease[], isKnown: (r: DiscoveredRelease) => Promise<boolean>): Promise<boolean> {
  for (const r of releases) if (!(await isKnown(r))) return false;
  return true;
}

/** GETs a listing page, conditionally when a stored copy exists; a 304 reads that copy. */
async function fetchListingPage(
  client: PoliteClient,
  url: string,
  cache: ListingCache | undefined,
): Promise<{ body: string; finalUrl: string; notModified: boolean }> {
  const stored = await cache?.get(url);
  const res = await client.get(url, { expect: 'html', etag: stored?.etag, lastModified: stored?.lastModified });
  if (res.notModified && stored) {
    await cache?.put(stored); // marks it checked now
    return { body: stored.body, finalUrl: stored.finalUrl, notModified: true };
  }
  const body = res.body?.toString('utf8') ?? '';
  await cache?.put({ url, finalUrl: res.finalUrl, etag: res.headers.etag, lastModified: res.headers['last-modified'], body });
  return { body, finalUrl: res.finalUrl, notModified: false };
}

function isAllowedLink(href: string, allowed: ReadonlySet<string>): boolean {
  try {
    const u = new URL(href);
    return (u.protocol === 'http:' || u.protocol === 'https:') && (allowed.has(u.host.toLowerCase()) || allowed.has(u.hostname.toLowerCase()));
  } catch {
    return false;
  }
}

function resolveHref(href: string, base: string): string {
  try {
    return new URL(href, base).toString();
  } catch {
    return href; // kept verbatim: isAllowedLink rejects it and it is reported as foreign
  }
}

/** Tag.class of an element and its descendants, as a compact structural signature. */
function shapeOf($: Cheerio.CheerioAPI, node: Parameters<Cheerio.CheerioAPI>[0]): string {
  const parts: string[] = [];
  $(node as never)
    .find('*')
    .addBack()
    .each((_, el) => {
      const e = $(el);
      const tag = (el as { tagName?: string }).tagName ?? '?';
      const cls = (e.attr('class') ?? '').split(/\s+/).filter(Boolean).sort().join('.');
      parts.push(cls ? `${tag}.${cls}` : tag);
    });
  return parts.join(' ');
}

/** The most frequent class names on a page: what a maintainer needs to fix selectors. */
function commonClasses($: Cheerio.CheerioAPI): string[] {
  const counts = new Map<string, number>();
  $('[class]').each((_, el) => {
    for (const c of ($(el).attr('class') ?? '').split(/\s+/).filter(Boolean)) counts.set(c, (counts.get(c) ?? 0) + 1);
  });
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 15)
    .map(([c, k]) => `${c}×${k}`);
}

function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Differences between two listing walks that suggest the markup is moving even though it can
 * still be read (entry structure changed, pages suddenly much emptier). Empty when nothing
 * changed. Pure: callers decide whether to warn or stop.
 */
export function compareListingFingerprints(previous: ListingFingerprint, current: ListingFingerprint): string[] {
  const notes: string[] = [];
  const shapes = (f: ListingFingerprint) => new Set(f.pages.map((p) => p.entryShape));
  const before = shapes(previous);
  const novel = [...shapes(current)].filter((s) => !before.has(s));
  if (novel.length > 0) notes.push(`entry markup changed (new structure ${novel.join(', ')})`);
  const first = (f: ListingFingerprint) => f.pages[0]?.entryCount ?? 0;
  if (first(current) < first(previous) / 2) {
    notes.push(`first listing page shows ${first(current)} entries, was ${first(previous)}`);
  }
  if (current.totalEntries < previous.totalEntries / 2) {
    notes.push(`listing shows ${current.totalEntries} entries in all, was ${previous.totalEntries}`);
  }
  return notes;
}
