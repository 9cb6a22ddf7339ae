import type { Metric } from '../../domain/metric.ts';
import type { Period } from '../../domain/period.ts';
import { vocabulary, type Vocabulary } from '../../domain/vocabulary/index.ts';
import { findPeriodLabels, type PeriodSpan } from '../../transform/period-labels.ts';

/**
 * What one column's own heading texts say (group heading, sub-heading, each possibly wrapped):
 * a metric, a period span and a year, or a wording that names something other than exports. The
 * table-level reading (src/extract/pdf/meaning) completes what is missing from the caption, the
 * column's block and its position, and proves it with the table's arithmetic.
 */

export type ColumnReading =
  | { readonly ok: true; readonly metric: Metric; readonly period: Period }
  | { readonly ok: false; readonly reason: string };

/** The facts a column's own heading texts state. */
export interface HeadingFacts {
  readonly text: string;
  readonly metric: Metric | null;
  readonly span: PeriodSpan | null;
  readonly year: number | null;
  /** What the heading names instead of exports (a never-exports wording), or null. */
  readonly notExports: string | null;
}

/** Reads the facts from heading parts (top to bottom). */
export function headingFacts(parts: readonly string[], vocab: Vocabulary = vocabulary()): HeadingFacts {
  const text = parts.join(' ').replace(/\s+/g, ' ').trim();
  // Parts are joined first because a label may wrap inside its cell ("gennaio-" / "settembre 2025").
  // The last (lowest, most specific) span and year win: a sub-heading "Export 2019" under a group
  // "I trim. 2020" is the first quarter of 2019.
  let span: PeriodSpan | null = null;
  let year: number | null = null;
  for (const m of findPeriodLabels(vocab.withoutBaseYear(text), vocab.profile.periods)) {
    if (!m.yearOnly) span = m.span;
    if (m.year !== null) year = m.year;
  }
  return { text, metric: vocab.metricOf(text), span, year, notExports: vocab.neverExports(text) };
}

/** Reads the metric from a heading text, most specific wording first (default vocabulary). */
export function metricOf(text: string, vocab: Vocabulary = vocabulary()): Metric | null {
  return vocab.metricOf(text);
}

/**
 * Interprets one column from its own heading alone.
 * @param parts heading texts from top to bottom (group heading first)
 * @param context a period span/year printed in the table caption, used only for what the column lacks
 */
export function readColumn(
  parts: readonly string[],
  context: { span?: PeriodSpan; year?: number } = {},
  vocab: Vocabulary = vocabulary(),
): ColumnReading {
  const f = headingFacts(parts, vocab);
  if (f.notExports) return { ok: false, reason: `"${f.text}" names ${f.notExports}` };
  if (!f.metric) return { ok: false, reason: `no known metric wording in "${f.text}"` };
  const year = f.year ?? context.year ?? null;
  if (year === null) return { ok: false, reason: `no period in "${f.text}"` };
  const s = f.span ?? context.span ?? { firstMonth: 1, lastMonth: 12 };
  return { ok: true, metric: f.metric, period: { year, firstMonth: s.firstMonth, lastMonth: s.lastMonth } };
}
