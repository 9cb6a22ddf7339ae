import type { PipelineDeps } from './deps.ts';
import { discoverReleases, type DiscoveredRelease } from '../extract/discover.ts';
import { releaseByNaturalKey } from '../../db/queries/releases.ts';

export interface DiscoveryOutcome {
  /** Every release the listing shows, oldest first. */
  readonly listed: readonly DiscoveredRelease[];
  /** Those not loaded yet, oldest first: what to ingest. */
  readonly pending: readonly DiscoveredRelease[];
}

/** Reads the publisher's listing and says which releases still need ingesting. */
export async function discoverPending(deps: PipelineDeps): Promise<DiscoveryOutcome> {
  const { releases } = await discoverReleases({ adapter: deps.adapter, client: deps.http, log: deps.log });
  const listed = [...releases].sort((a, b) => a.coverYear - b.coverYear || a.coverMonth - b.coverMonth);
  const pending: DiscoveredRelease[] = [];
  for (const r of listed) {
    const known = await releaseByNaturalKey(deps.db, r);
    // Quarantined releases are fetched again (conditionally): a corrected PDF is new bytes.
    if (!known || known.status !== 'loaded') pending.push(r);
  }
  deps.log.info({ listed: listed.length, pending: pending.length }, 'discovery finished');
  return { listed, pending };
}
