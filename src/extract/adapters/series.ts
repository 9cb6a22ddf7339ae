import { ConfigError } from '../../errors/config-error.ts';
import type { SeriesDef } from './types.ts';

/**
 * The Intesa Sanpaolo monitor family (publisher.md: "sister series with the same template").
 * The same titles are used by the live site and the sample publisher. Only Emilia-Romagna is
 * ingested by default; the others are recognised so that their presence on a listing page is
 * expected, and can be switched on with `getAdapter(id, { enableSeries: [...] })` once an
 * entity registry for the region exists.
 *
 * Titles are matched after normalizeTitle(): straight apostrophe, ASCII hyphen, single spaces.
 * "Emilia-Romagna" is also printed "Emilia Romagna" (publisher.md [V]).
 */
const APOS = "'\\s?"; // "dell'Emilia", rarely "dell' Emilia"

const regional = (id: string, region: string, titleTail: string, enabled = false): SeriesDef => ({
  id,
  region,
  titlePattern: new RegExp(`^monitor dei distretti ${titleTail}$`, 'i'),
  enabled,
});

export const MONITOR_SERIES: readonly SeriesDef[] = [
  regional('monitor-distretti-emilia-romagna', 'emilia-romagna', `dell${APOS}emilia[- ]?romagna`, true),
  regional('monitor-distretti-lombardia', 'lombardia', 'della lombardia'),
  regional('monitor-distretti-piemonte', 'piemonte', 'del piemonte'),
  regional('monitor-distretti-triveneto', 'triveneto', 'del triveneto'),
  regional('monitor-distretti-marche', 'marche', 'delle marche'),
  regional('monitor-distretti-umbria', 'umbria', `dell${APOS}umbria`),
  regional('monitor-distretti-lazio', 'lazio', 'del lazio'),
  regional('monitor-distretti-toscana', 'toscana', 'della toscana'),
  regional('monitor-distretti-campania', 'campania', 'della campania'),
  // National series: anchored so that "Monitor dei Distretti del Piemonte" is not national.
  { id: 'monitor-dei-distretti', region: 'italia', titlePattern: /^monitor dei distretti$/i, enabled: false },
  { id: 'monitor-poli-tecnologici', region: 'italia', titlePattern: /^monitor dei poli tecnologici$/i, enabled: false },
];

/**
 * Title text as compared with series patterns: NFC, curly/grave apostrophes → "'",
 * dashes → "-", any whitespace run (incl. NBSP) → one space, trimmed.
 */
export function normalizeTitle(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201B\u0060\u00B4\u02BC]/g, "'")
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s*-\s*(?=romagna)/gi, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The series a title belongs to, or undefined. */
export function matchSeries(series: readonly SeriesDef[], title: string): SeriesDef | undefined {
  const t = normalizeTitle(title);
  return series.find((s) => s.titlePattern.test(t));
}

/** A copy of `series` with the given ids enabled; unknown ids are an error (a typo would ingest nothing). */
export function withEnabledSeries(series: readonly SeriesDef[], ids: readonly string[]): SeriesDef[] {
  const known = new Set(series.map((s) => s.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ConfigError(unknown.map((id) => `unknown series id "${id}"; known: ${[...known].join(', ')}`));
  }
  return series.map((s) => (ids.includes(s.id) ? { ...s, enabled: true } : s));
}
