/**
 * A publisher described as data: where its listing is, how to read an entry, which titles
 * are which series, and which hosts may be contacted. Adding a region or a series is adding
 * a {@link SeriesDef}; adding a publisher is adding a file like `sample.ts`.
 */

/** One series the adapter recognises by its title text. */
export interface SeriesDef {
  /** Stable id stored with every release, e.g. 'monitor-distretti-emilia-romagna'. */
  readonly id: string;
  /** Region slug (as in src/domain/registry), or 'italia' for national series. */
  readonly region: string;
  /**
   * Matches the entry title after {@link normalizeTitle} (straight apostrophes, ASCII hyphens,
   * single spaces), case-insensitive. Anchored: a regional title must not match the national one.
   */
  readonly titlePattern: RegExp;
  /**
   * Whether discovery returns its releases. Recognised-but-disabled series are counted in
   * the listing fingerprint (so their appearance is not drift) but not ingested.
   */
  readonly enabled: boolean;
}

/** Where the cover month and year are read, in order of preference. */
export type MonthYearSource = 'subtitle' | 'title' | 'date';

export interface ListingSelectors {
  /** One element per publication. */
  readonly entry: string;
  /** Within an entry: the series title. */
  readonly title: string;
  /** Within an entry: the edition ("Giugno 2025"). */
  readonly subtitle?: string;
  /** Within an entry: an element with a `datetime` attribute (or an Italian date as text). */
  readonly date?: string;
  /** Within an entry: the document link (`href`). */
  readonly link: string;
}

export interface SourceAdapter {
  readonly id: string;
  readonly description: string;
  /** False while any listing field below is a guess (publisher.md marks it so). */
  readonly verified: boolean;
  /** First page(s) of the listing, absolute URLs. */
  readonly listingUrls: readonly string[];
  readonly pagination: {
    /** Link to the next page (`href`); absent → single page. */
    readonly nextSelector?: string;
    /** Never walk more pages than this per listing URL. */
    readonly maxPages: number;
  };
  readonly selectors: ListingSelectors;
  readonly series: readonly SeriesDef[];
  /** How to read the cover month/year of an entry: tried in order. */
  readonly monthYear: { readonly sources: readonly MonthYearSource[] };
  /** Hosts (`host` or `host:port`) the client may contact for this adapter. */
  readonly allowedHosts: readonly string[];
  /**
   * Id of the heading vocabulary its release PDFs are read with (src/domain/vocabulary).
   * @defaultValue `'monitor-distretti'`
   */
  readonly vocabulary?: string;
}

export interface AdapterOptions {
  /** Base URL (origin, optionally a path prefix) replacing the adapter's default. */
  baseUrl?: string;
  /** Series ids to enable in addition to those enabled by default. */
  enableSeries?: readonly string[];
}
