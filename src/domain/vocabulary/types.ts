import type { Metric } from '../metric.ts';

/**
 * How one publisher prints its tables, as data: the wordings of column headings, period labels,
 * captions and table ends. A new wording seen in a refused release is added here (a data change),
 * then the stored bytes are re-parsed (`distretti reparse`); no extractor code changes.
 *
 * Patterns are regular-expression sources matched case-insensitively with Unicode on, against
 * heading text whose spaces are normalised. Keep each one small and say where the wording comes from.
 */
export interface VocabularyProfile {
  /** Stable id an adapter names (`SourceAdapter.vocabulary`). */
  readonly id: string;
  readonly description: string;
  /**
   * Metric wordings, most specific first: the first metric with a matching pattern wins
   * ("Var. % vs 2019" is a vs-2019 change before it is a year-on-year change).
   */
  readonly metrics: readonly MetricWording[];
  /**
   * Wordings naming something other than exports or their change (balance, share, imports,
   * prices, employment…). A column whose heading matches one is never read, whatever else it says.
   */
  readonly neverExports: readonly NeverExportsWording[];
  /** Units stated in a caption or group heading that make period-only columns levels ("milioni di euro"). */
  readonly levelUnits: readonly string[];
  /** Units stated in a caption or group heading that make period-only columns year-on-year changes ("var. %"). */
  readonly pctUnits: readonly string[];
  /** Tails naming the base year of a change, not the column's period ("vs 2024", "/2024"); `Y` stands for a year. */
  readonly baseYearTails: readonly string[];
  readonly periods: PeriodVocabulary;
  /** A line starting with one of these is a table or figure caption ("Tab. 1 –", "Tavola 2"). */
  readonly captionStarts: readonly string[];
  /** Captions of charts, not tables: a chart's labelled bars are never a table body. */
  readonly chartCaptionStarts: readonly string[];
  /** A line starting with one of these ends a table body ("Fonte:", "Nota:", "(1)"). */
  readonly endOfTableStarts: readonly string[];
  /** Caption suffixes of a table continued from the previous page ("(segue)"). */
  readonly continuedSuffixes: readonly string[];
}

export interface MetricWording {
  readonly metric: Metric;
  readonly patterns: readonly string[];
}

export interface NeverExportsWording {
  /** What the column holds instead, for the drift report ("trade balance"). */
  readonly what: string;
  readonly patterns: readonly string[];
}

/** Words of period labels ("1° trim. 2025", "gen.-set. 2024", "primi nove mesi del 2024", "2025"). */
export interface PeriodVocabulary {
  /** Month words and abbreviations → month number (listing dates, period labels). */
  readonly months: Readonly<Record<string, number>>;
  /** Full month names, index = month − 1: the only words a cover date is read with ("Ottobre 2020"). */
  readonly monthNames: readonly string[];
  /** Ordinal words → 1..4 ("primo trimestre", "prima metà"). */
  readonly ordinals: Readonly<Record<string, number>>;
  /** Month counts of a cumulative span from January ("primi nove mesi") → months. */
  readonly monthCounts: Readonly<Record<string, number>>;
  /** Words for a quarter after its number ("trim.", "trimestre"). */
  readonly quarterWords: readonly string[];
  /** Words for a half year after its number ("sem.", "semestre"). */
  readonly halfWords: readonly string[];
  /** Words for "months" after a count ("mesi"). */
  readonly monthsWord: string;
  /** Words introducing a cumulative count ("primi"). */
  readonly firstWords: readonly string[];
  /** Words before a bare year that still mean the whole year ("anno", "intero anno"). */
  readonly yearWords: readonly string[];
}
