import { NotRetryableError } from './distretti-error.ts';

/** What the adapter expected on a listing page and what was there instead. */
export interface ListingDriftDetails {
  readonly adapterId: string;
  readonly listingUrl: string;
  /** The problem in a phrase, e.g. "no entries matched the entry selector". */
  readonly problem: string;
  readonly expected: Readonly<Record<string, string | undefined>>;
  readonly found: Readonly<Record<string, unknown>>;
}

/**
 * A listing page answered 200 with HTML but the adapter could not read it: the publisher
 * changed its markup (`LISTING_LAYOUT_DRIFT`). Never read as "no new releases": a person
 * must update the adapter's selectors (src/extract/adapters) using `expected` vs `found`.
 */
export class ListingLayoutDriftError extends NotRetryableError {
  constructor(readonly details: ListingDriftDetails) {
    super(
      'LISTING_LAYOUT_DRIFT',
      `listing ${details.listingUrl} (adapter "${details.adapterId}") no longer matches its selectors: ${details.problem}. ` +
        `Expected ${JSON.stringify(details.expected)}; found ${JSON.stringify(details.found)}. ` +
        'Update the adapter in src/extract/adapters and run discovery again.',
      { url: details.listingUrl, adapterId: details.adapterId, problem: details.problem, expected: details.expected, found: details.found },
    );
  }
}
