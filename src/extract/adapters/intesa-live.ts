import { MONITOR_SERIES } from './series.ts';
import type { SourceAdapter } from './types.ts';

/** The publisher's host, verified: research PDFs are served from it (publisher.md [V]). */
export const INTESA_BASE_URL = 'https://group.intesasanpaolo.com';

/**
 * PDF path prefix, verified (publisher.md [V]):
 * `/content/dam/portalgroup/repository-documenti/research/it/<series-slug>/<YYYY>/<file>.pdf`.
 * Discovery does not build URLs from it (the series slugs are unknown); it is kept so a
 * reviewer can check that discovered links look like research PDFs.
 */
export const INTESA_PDF_PATH_PREFIX = '/content/dam/portalgroup/repository-documenti/research/it/';

/**
 * The live Intesa Sanpaolo research portal. NOT VERIFIED: the listing page and its markup
 * have never been seen by this project (publisher.md: "The listing page … [is] not known").
 * The first real run will most likely fail with LISTING_LAYOUT_DRIFT, which names the
 * selectors below and what the page contained — fix them here, then set `verified: true`.
 */
export function intesaLiveAdapter(baseUrl: string = INTESA_BASE_URL): SourceAdapter {
  const base = new URL(baseUrl);
  return {
    id: 'intesa-live',
    description: 'Intesa Sanpaolo research portal (live; listing URL and selectors unverified)',
    verified: false,
    // [I] GUESS: the Italian "Ricerche e pubblicazioni" section of the group site.
    listingUrls: [new URL('/it/research/ricerche-e-pubblicazioni', base).toString()],
    // [I] GUESS: a rel="next" link; a modest page budget because the portal lists every series.
    pagination: { nextSelector: 'a[rel="next"]', maxPages: 10 },
    // [I] GUESS: generic card markup; to be replaced by the real class names.
    selectors: {
      entry: 'article, li.search-result, div.card',
      title: 'h2, h3, .title',
      subtitle: '.subtitle, .date, p',
      date: 'time',
      link: `a[href$=".pdf"], a[href*="${INTESA_PDF_PATH_PREFIX}"]`,
    },
    // [V] series titles and the Emilia-Romagna spelling variants (publisher.md).
    series: MONITOR_SERIES,
    // [V] the cover prints "<Mese> <anno>"; where the listing shows it is [I].
    monthYear: { sources: ['subtitle', 'title', 'date'] },
    // [V] the host serving research PDFs. The disclaimer page lives on the same host.
    allowedHosts: [base.host],
    // the sample publisher imitates the monitor's wordings; the live notes are the monitor itself
    vocabulary: 'monitor-distretti',
  };
}
