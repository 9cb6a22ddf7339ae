import { MONITOR_SERIES } from './series.ts';
import type { SourceAdapter } from './types.ts';

/**
 * The sample publisher (src/sample-publisher), whose markup is fixed by the shared listing
 * contract: `article.research-card` entries, `a.pagination__next` pages, PDFs behind the
 * disclaimer gate. Everything here is verified against that contract.
 */
export function sampleAdapter(baseUrl: string): SourceAdapter {
  const base = new URL(baseUrl);
  return {
    id: 'sample',
    description: 'Sample publisher imitating the Intesa Sanpaolo research portal (local, for tests and demos)',
    verified: true,
    listingUrls: [new URL('/it/research/ricerche-e-pubblicazioni', base).toString()],
    pagination: { nextSelector: 'nav.pagination a.pagination__next', maxPages: 30 },
    selectors: {
      entry: 'article.research-card',
      title: '.research-card__title',
      subtitle: '.research-card__subtitle',
      date: 'time.research-card__date',
      link: 'a.research-card__download',
    },
    series: MONITOR_SERIES,
    monthYear: { sources: ['subtitle', 'title', 'date'] },
    allowedHosts: [base.host],
    // the sample publisher imitates the monitor's wordings; the live notes are the monitor itself
    vocabulary: 'monitor-distretti',
  };
}
