import type { Metric } from '../metric.ts';
import { MONITOR_DISTRETTI } from './monitor-distretti.ts';
import type { VocabularyProfile } from './types.ts';

export type { MetricWording, NeverExportsWording, PeriodVocabulary, VocabularyProfile } from './types.ts';
export { MONITOR_DISTRETTI } from './monitor-distretti.ts';
export { ITALIAN_MONTH_ABBREVIATIONS, ITALIAN_MONTH_WORDS, ITALIAN_MONTHS } from './italian-months.ts';

/** Every profile by id; an adapter names one (`SourceAdapter.vocabulary`). */
export const VOCABULARY_PROFILES: Readonly<Record<string, VocabularyProfile>> = { [MONITOR_DISTRETTI.id]: MONITOR_DISTRETTI };

export const DEFAULT_VOCABULARY = MONITOR_DISTRETTI.id;

/** A profile compiled to matchers once; cached per profile object. */
export interface Vocabulary {
  readonly profile: VocabularyProfile;
  /** The metric a heading text names, most specific wording first, or null. */
  metricOf(text: string): Metric | null;
  /** What a heading names instead of exports (never read), or null. */
  neverExports(text: string): string | null;
  /** The unit a caption or group heading states for its columns. */
  unitsOf(text: string): { level: boolean; pct: boolean };
  /** The text without unit wordings ("milioni di euro", "var. %"), to see what else a heading says. */
  stripUnits(text: string): string;
  /** The text without comparison tails naming a base year ("Var. % vs 2024" → "Var. % "). */
  withoutBaseYear(text: string): string;
  isCaption(text: string): boolean;
  isChartCaption(text: string): boolean;
  isEndOfTable(text: string): boolean;
  /** A caption without its "(segue)" suffix. */
  stripContinued(caption: string): string;
}

const rx = (source: string, flags = 'iu'): RegExp => new RegExp(source, flags);
const anyOf = (sources: readonly string[]): RegExp => rx(sources.map((s) => `(?:${s})`).join('|'));
const norm = (s: string): string => s.replace(/[\u00a0\u2009\u202f\s]+/g, ' ');

const compiled = new WeakMap<VocabularyProfile, Vocabulary>();

/** Headings recur on every page and in every reading tried: remember the last few thousand answers. */
function memo<T>(f: (text: string) => T, max = 4096): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    const hit = seen.get(text);
    if (hit !== undefined || seen.has(text)) return hit as T;
    const out = f(text);
    if (seen.size >= max) seen.clear();
    seen.set(text, out);
    return out;
  };
}

/** Compiles a profile (or the profile with this id). Throws RangeError for an unknown id. */
export function vocabulary(profile: VocabularyProfile | string = DEFAULT_VOCABULARY): Vocabulary {
  const p = typeof profile === 'string' ? VOCABULARY_PROFILES[profile] : profile;
  if (!p) throw new RangeError(`unknown vocabulary profile "${String(profile)}"; known: ${Object.keys(VOCABULARY_PROFILES).join(', ')}`);
  const hit = compiled.get(p);
  if (hit) return hit;
  const metrics = p.metrics.map((m) => ({ metric: m.metric, re: anyOf(m.patterns) }));
  const never = p.neverExports.map((n) => ({ what: n.what, re: anyOf(n.patterns) }));
  const level = anyOf(p.levelUnits);
  const pct = anyOf(p.pctUnits);
  const levelAll = rx(p.levelUnits.map((s) => `(?:${s})`).join('|'), 'giu');
  const pctAll = rx(p.pctUnits.map((s) => `(?:${s})`).join('|'), 'giu');
  const baseYear = rx(p.baseYearTails.map((t) => `(?:${t.replaceAll('Y', '(?:19|20)\\d{2}')})`).join('|'), 'giu');
  const caption = rx(`^(?:${p.captionStarts.join('|')})\\s*\\d*`);
  const chart = rx(`^(?:${p.chartCaptionStarts.join('|')})\\s*\\d*`);
  const end = rx(`^(?:${p.endOfTableStarts.join('|')})`);
  const continued = rx(`\\s*\\((?:${p.continuedSuffixes.join('|')})\\)\\s*$`);
  const v: Vocabulary = {
    profile: p,
    metricOf: memo((text) => metrics.find((m) => m.re.test(norm(text)))?.metric ?? null),
    neverExports: memo((text) => never.find((n) => n.re.test(norm(text)))?.what ?? null),
    unitsOf: (text) => ({ level: level.test(norm(text)), pct: pct.test(norm(text)) }),
    stripUnits: (text) => norm(text).replace(levelAll, ' ').replace(pctAll, ' '),
    withoutBaseYear: (text) => norm(text).replace(baseYear, ' '),
    isCaption: (text) => caption.test(text.trim()) || chart.test(text.trim()),
    isChartCaption: (text) => chart.test(text.trim()),
    isEndOfTable: (text) => end.test(text.trim()),
    stripContinued: (caption) => caption.replace(continued, '').trim(),
  };
  compiled.set(p, v);
  return v;
}
