import type { Metric } from '../../domain/metric.ts';
import type { Period } from '../../domain/period.ts';
import type { RegionRegistry } from '../../domain/registry/types.ts';
import type { ExtractedRelease } from '../../domain/release.ts';

/** `error` quarantines the release (nothing is loaded); `warning` is stored and shown. */
export type Severity = 'error' | 'warning';

/** One offending item, with enough context to find it in the document by eye. */
export interface FindingSample {
  readonly entity: string;
  /** Period code (`YYYYQn`, `YYYY`, `YYYYMmm-mm`). */
  readonly period?: string;
  readonly metric?: Metric | string;
  readonly value?: number;
  /** What the rule expected instead (a computed value), when it has one. */
  readonly expected?: number;
  /** Allowed |value − expected|. */
  readonly tolerance?: number;
  /** Where the figure was printed. */
  readonly page?: number;
  readonly tableId?: string;
  readonly rawText?: string;
  /** Anything else rule-specific (the previous vintage's value, the members summed, …). */
  readonly detail?: string;
}

/**
 * The outcome of one rule that failed: every offending item is counted, the first
 * few are kept as samples. One finding per (rule, severity).
 */
export interface Finding {
  /** Stable rule id, e.g. `yoy-vs-levels` (see RULE_IDS). */
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** Number of offending items (samples hold at most `maxSamples` of them). */
  readonly count: number;
  readonly samples: readonly FindingSample[];
}

/** A figure of an earlier vintage, as read back from the database. */
export interface PreviousFigure {
  readonly entity: string;
  /** A Period or its code. */
  readonly period: Period | string;
  readonly metric: Metric | string;
  readonly value: number;
}

export interface PreviousVintage {
  readonly releaseId: number;
  readonly figures: readonly PreviousFigure[];
}

/** Thresholds of the plausibility rules. Every field has a default (see DEFAULT_THRESHOLDS). */
export interface ValidationThresholds {
  /** Relative revision of a level (exports_meur) vs the previous vintage that warns. @defaultValue 0.1 (10 %) */
  readonly levelRevisionRatio: number;
  /** Levels below this (€M) are not judged by relative revision (tiny bases swing). @defaultValue 5 */
  readonly levelRevisionMinBase: number;
  /**
   * Revision of a % change (yoy_pct, vs2019_pct, in points) that warns; for delta_meur
   * the €M floor, raised to levelRevisionRatio × the period's level. @defaultValue 5
   */
  readonly changeRevisionAbs: number;
  /** An export level whose |cur/prev| is within this factor of 1000 (or 1/1000) is a unit/scale flip. @defaultValue 3 */
  readonly scaleFlipSlack: number;
  /** |yoy_pct| and |vs2019_pct| above this are implausible. @defaultValue 500 */
  readonly maxAbsPct: number;
  /** Samples kept per finding. @defaultValue 10 */
  readonly maxSamples: number;
}

export const DEFAULT_THRESHOLDS: ValidationThresholds = Object.freeze({
  levelRevisionRatio: 0.1,
  levelRevisionMinBase: 5,
  changeRevisionAbs: 5,
  scaleFlipSlack: 3,
  maxAbsPct: 500,
  maxSamples: 10,
});

export interface ValidationContext {
  readonly registry: RegionRegistry;
  /** The loaded vintage just before this release (same series), if any. */
  readonly previous?: PreviousVintage | undefined;
  readonly thresholds?: Partial<ValidationThresholds>;
}

/** A failed check of one item, before grouping into findings. */
export interface Violation {
  readonly rule: string;
  readonly severity: Severity;
  readonly sample: FindingSample;
}

/** A validation rule: pure, sees the whole release, returns every violation it finds. */
export interface Rule {
  readonly id: string;
  check(release: ExtractedRelease, ctx: ResolvedContext): Violation[];
}

/** The context rules receive: thresholds filled in, entities resolved once. */
export interface ResolvedContext {
  readonly registry: RegionRegistry;
  readonly previous: PreviousVintage | undefined;
  readonly thresholds: ValidationThresholds;
}
