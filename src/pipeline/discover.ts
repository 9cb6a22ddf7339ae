import type { PipelineDeps } from './deps.ts';
import { discoverReleases, type DiscoveredRelease, type ListingCache } from '../extract/discover.ts';
import { releaseByNaturalKey } from '../../db/queries/releases.ts';
import { forgetListingPagesExcept, oldestListingCheck, saveListingPage, storedListingPage } from '../../db/queries/listing-pages.ts';

export interface DiscoveryOutcome {
  /** Every release the walked listing pages show, oldest first (all of them after a full walk). */
  readonly listed: readonly DiscoveredRelease[];
  /** Those not loaded yet, oldest first: what to ingest. */
  readonly pending: readonly DiscoveredRelease[];
  /** Whether every listing page was read (false: the walk stopped at known pages). */
  readonly fullWalk: boolean;
}

/** How far a run reads the listing. @see ListingWalkOptions */
export interface ListingWalkSettings {
  /** Stop after this many consecutive pages of known releases; 0 = always walk every page. @defaultValue 1 */
  readonly knownPages: number;
  /** Walk every page anyway when the last full walk is older than this. @defaultValue 28 */
  readonly fullWalkEveryDays: number;
}

export const DEFAULT_LISTING_WALK: ListingWalkSettings = Object.freeze({ knownPages: 1, fullWalkEveryDays: 28 });

/**
 * Reads the publisher's listing and says which releases still need ingesting. Pages are
 * revalidated against their stored copy, and the walk stops at pages of known releases unless
 * `fullWalk` is asked for (operators, backfills) or the last full walk is older than the
 * schedule allows (a release deleted or re-dated deep in the archive is noticed eventually).
 */
export async function discoverPending(deps: PipelineDeps, opts: { fullWalk?: boolean } = {}): Promise<DiscoveryOutcome> {
  const { releases, complete } = await walkListing(deps, opts);
  const listed = [...releases].sort((a, b) => a.coverYear - b.coverYear || a.coverMonth - b.coverMonth);
  const pending: DiscoveredRelease[] = [];
  for (const r of listed) {
    // Quarantined releases are fetched again (conditionally): a corrected PDF is new bytes.
    if (!(await isLoaded(deps, r))) pending.push(r);
  }
  deps.log.info({ listed: listed.length, pending: pending.length, fullWalk: complete }, 'discovery finished');
  return { listed, pending, fullWalk: complete };
}

/**
 * Reads the listing: pages revalidated against their stored copy (conditional requests), and
 * the walk stops at pages of known releases unless `fullWalk` is asked for or due.
 * `complete` says whether every page was read.
 */
export async function walkListing(
  deps: PipelineDeps,
  opts: { fullWalk?: boolean } = {},
): Promise<{ releases: readonly DiscoveredRelease[]; complete: boolean }> {
  const settings = deps.listingWalk ?? DEFAULT_LISTING_WALK;
  const adapterId = deps.adapter.id;
  const fullWalk = opts.fullWalk === true || settings.knownPages === 0 || (await fullWalkDue(deps, settings));
  const cache: ListingCache = {
    async get(url) {
      const stored = await storedListingPage(deps.db, adapterId, pageKey(url));
      return stored && { ...stored, url, finalUrl: new URL(stored.finalUrl, url).toString() };
    },
    put: (page) => saveListingPage(deps.db, adapterId, { ...page, url: pageKey(page.url), finalUrl: sameOrigin(page.url, page.finalUrl) ? pageKey(page.finalUrl) : page.finalUrl }, deps.now()),
  };
  const { releases, complete, fingerprint } = await discoverReleases(
    { adapter: deps.adapter, client: deps.http, log: deps.log },
    { cache, ...(fullWalk ? {} : { isKnown: (r: DiscoveredRelease) => isLoaded(deps, r), stopAfterKnownPages: settings.knownPages }) },
  );
  if (complete) await forgetListingPagesExcept(deps.db, adapterId, fingerprint.pages.map((p) => pageKey(p.url)));
  return { releases, complete };
}

async function isLoaded(deps: PipelineDeps, r: DiscoveredRelease): Promise<boolean> {
  return (await releaseByNaturalKey(deps.db, r))?.status === 'loaded';
}

/**
 * Pages are stored by path and query, without the origin: the sample publisher `run --sample`
 * starts listens on a new port each time. A copy is only ever reused on the server's own 304,
 * which answers for the bytes it would send, so no other site's page can be mistaken for it.
 */
function pageKey(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

function sameOrigin(a: string, b: string): boolean {
  return new URL(a).origin === new URL(b).origin;
}

async function fullWalkDue(deps: PipelineDeps, settings: ListingWalkSettings): Promise<boolean> {
  const oldest = await oldestListingCheck(deps.db, deps.adapter.id);
  if (!oldest) return true; // never walked: there is nothing known to stop at anyway
  return deps.now().getTime() - oldest.getTime() > settings.fullWalkEveryDays * 86_400_000;
}
