import type { Metric } from '../../../domain/metric.ts';
import type { Period } from '../../../domain/period.ts';

/** What the reader made of one column of one table, with the evidence for it. */
export type ColumnMeaning =
  | {
      readonly status: 'read';
      readonly label: string;
      readonly metric: Metric;
      readonly period: Period;
      /** How each part of the meaning was found: printed in the heading, the caption, a block, a position. */
      readonly evidence: readonly string[];
      /** The parts of the meaning that were not printed over the column itself and need the arithmetic's proof. */
      readonly inferred: readonly string[];
      /** Whether part of the period was inferred (from position or a group heading placed off-centre), not printed. */
      readonly inferredPeriod?: boolean;
    }
  | { readonly status: 'ignored'; readonly label: string; readonly why: string }
  | { readonly status: 'unknown'; readonly label: string; readonly why: string };

/** What the caption (or title) above a table states for all its columns. */
export interface CaptionFacts {
  readonly text: string;
  readonly level: boolean;
  readonly pct: boolean;
  readonly span?: { readonly firstMonth: number; readonly lastMonth: number };
  readonly year?: number;
}

/** The outcome of checking one reading against the table's own numbers. */
export interface ArithmeticResult {
  /** Per column: checks its figures took part in that held / failed. */
  readonly passed: readonly number[];
  readonly failed: readonly number[];
  /** The first failures, for the drift report. */
  readonly failures: readonly string[];
}
