import { ConfigError } from '../../errors/config-error.ts';
import { intesaLiveAdapter } from './intesa-live.ts';
import { sampleAdapter } from './sample.ts';
import { withEnabledSeries } from './series.ts';
import type { AdapterOptions, SourceAdapter } from './types.ts';

export type { AdapterOptions, ListingSelectors, MonthYearSource, SeriesDef, SourceAdapter } from './types.ts';
export { MONITOR_SERIES, matchSeries, normalizeTitle, withEnabledSeries } from './series.ts';
export { readItalianMonthYear, readIsoDate, type MonthYear } from './italian-dates.ts';
export { INTESA_BASE_URL, INTESA_PDF_PATH_PREFIX } from './intesa-live.ts';

const FACTORIES: Record<string, (baseUrl: string | undefined) => SourceAdapter> = {
  sample: (baseUrl) => {
    if (!baseUrl) throw new ConfigError(['the "sample" source needs a base URL (DISTRETTI_SOURCE_BASE_URL), e.g. http://127.0.0.1:8080']);
    return sampleAdapter(baseUrl);
  },
  'intesa-live': (baseUrl) => intesaLiveAdapter(baseUrl),
};

/** Ids accepted by {@link getAdapter}. */
export const ADAPTER_IDS: readonly string[] = Object.keys(FACTORIES);

/**
 * The adapter for a source id (DISTRETTI_SOURCE), frozen. Unknown ids, a missing base URL
 * for 'sample', a non-http(s) base URL and unknown series ids are {@link ConfigError}s.
 *
 * @example
 * const adapter = getAdapter('sample', { baseUrl: 'http://127.0.0.1:8080' });
 * const withLombardy = getAdapter('intesa-live', { enableSeries: ['monitor-distretti-lombardia'] });
 */
export function getAdapter(id: string, opts: AdapterOptions = {}): SourceAdapter {
  const factory = FACTORIES[id];
  if (!factory) throw new ConfigError([`unknown source "${id}"; known sources: ${ADAPTER_IDS.join(', ')}`]);
  if (opts.baseUrl !== undefined && !/^https?:\/\/[^/]+/i.test(opts.baseUrl)) {
    throw new ConfigError([`source base URL "${opts.baseUrl}" must be an absolute http(s) URL`]);
  }
  const adapter = factory(opts.baseUrl);
  const series = opts.enableSeries?.length ? withEnabledSeries(adapter.series, opts.enableSeries) : adapter.series;
  return deepFreeze({ ...adapter, series });
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !(o instanceof RegExp) && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
