import type { Metric } from '../../domain/metric.ts';
import type { Period } from '../../domain/period.ts';
import { findPeriodLabels, type PeriodSpan } from '../../transform/period-labels.ts';

/**
 * What a column heading means: a metric and a period, read from its heading text blocks (top to
 * bottom: group heading, sub-heading, each possibly wrapped). Heading variants come from the shared
 * publisher notes ("Milioni di euro", "Var. % tendenziale", "Differenza (milioni di euro)", vs 2019)
 * and the sample layouts; anything else is "not understood" and stops the parse.
 */

export type ColumnReading =
  | { readonly ok: true; readonly metric: Metric; readonly period: Period }
  | { readonly ok: false; readonly reason: string };

/** A comparison with 2019 (2020–22 notes): "vs 2019", "rispetto al 2019", "sul 2019", "2020/2019". */
const VS_2019 = /\b(?:vs\.?|versus|rispetto\s+al(?:lo)?(?:\s+stesso\s+periodo\s+del)?|sul|su)\s*2019\b|\/\s*2019\b/i;
const DELTA = /\bdiff(?:\.|erenza\b)|\bvar(?:\.|iazione)\s+(?:assoluta|in\s+milioni)/i;
/** "Var. %", "Variazione %", "Var. % tendenziale", "Variazione tendenziale": "Tasso di variazione" is deliberately not one. */
const YOY = /\bvar(?:\.|iazione|iaz\.)?\s*%|\bvar(?:\.|iazione)\s+tendenziale|%\s*tendenziale/i;
const LEVEL = /\bmilioni\b|\bmln\b|€|\beuro\b|\bexport\b|\besportazioni\b|\blivell[oi]\b/i;
/** Comparison tails that name the base year of a change, not the column's period: "vs 2024", "/2024". */
const BASE_YEAR = /\b(?:vs\.?|versus|rispetto\s+al|sul|su)\s*(?:19|20)\d{2}\b|\/\s*(?:19|20)\d{2}\b/gi;

/** Reads the metric from the heading text, most specific wording first. */
export function metricOf(text: string): Metric | null {
  if (VS_2019.test(text) && (YOY.test(text) || /%/.test(text))) return 'vs2019_pct';
  if (DELTA.test(text)) return 'delta_meur';
  if (YOY.test(text)) return 'yoy_pct';
  if (LEVEL.test(text)) return 'exports_meur';
  return null;
}

interface Found {
  readonly span: PeriodSpan | null;
  readonly year: number | null;
}

/** The period labels in one heading part (comparison tails removed). */
function periodsIn(part: string): Found[] {
  return findPeriodLabels(part.replace(BASE_YEAR, ' ')).map((m) => ({
    span: m.yearOnly ? null : m.span,
    year: m.year,
  }));
}

/**
 * Interprets one column.
 * @param parts heading texts from top to bottom (group heading first)
 * @param context a period span/year printed in the table caption, used only for what the column lacks
 */
export function readColumn(parts: readonly string[], context: { span?: PeriodSpan; year?: number } = {}): ColumnReading {
  const text = parts.join(' ');
  const metric = metricOf(text);
  if (!metric) return { ok: false, reason: `no known metric wording in "${text}"` };
  // Parts are joined first because a label may wrap inside its cell ("gennaio-" / "settembre 2025").
  // The last (lowest, most specific) span and year win: a sub-heading "Export 2019" under a group
  // "I trim. 2020" is the first quarter of 2019.
  let span: PeriodSpan | null = null;
  let year: number | null = null;
  for (const f of periodsIn(text)) {
    if (f.span) span = f.span;
    if (f.year !== null) year = f.year;
  }
  span ??= context.span ?? null;
  year ??= context.year ?? null;
  if (year === null) return { ok: false, reason: `no period in "${text}"` };
  const s = span ?? { firstMonth: 1, lastMonth: 12 };
  return { ok: true, metric, period: { year, firstMonth: s.firstMonth, lastMonth: s.lastMonth } };
}
