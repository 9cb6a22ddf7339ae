import type { Period } from '../domain/period.ts';
import { MONITOR_DISTRETTI, type PeriodVocabulary } from '../domain/vocabulary/index.ts';

/**
 * Period labels as the monitor may print them in table headings. The exact labels were never seen
 * in a stored copy (shared publisher notes, "Inside a release PDF" [I]), so every plausible variant
 * is accepted: "1° trim. 2025", "1° trimestre del 2025", "I trim. 2025", "primo trimestre 2025",
 * "1° sem. 2025", "gen.-set. 2025", "gennaio-settembre 2025", "primi nove mesi 2025", "2025",
 * "anno 2024" — and the same without a year when the year is printed elsewhere (a header
 * "2024 | 2025" over "1° trim.").
 */

/** What a label says before the year is known. */
export interface PeriodSpan {
  readonly firstMonth: number;
  readonly lastMonth: number;
}

/** One period label found inside a longer text. */
export interface PeriodLabelMatch {
  /** The matched text as printed. */
  readonly text: string;
  readonly index: number;
  /** Months covered; a bare year or "anno 2024" is January–December. */
  readonly span: PeriodSpan;
  /** The year printed with the label, or null when it must come from context. */
  readonly year: number | null;
  /** True when the label is nothing but a year ("2025", "anno 2025"). */
  readonly yearOnly: boolean;
}

/** Context used to complete labels printed without a year. */
export interface PeriodLabelContext {
  /** Year to use when the label does not print one. */
  readonly year?: number;
}

const ROMAN: Readonly<Record<string, number>> = { i: 1, ii: 2, iii: 3, iv: 4 };
const NUM = String.raw`(?:[1-4]\s*[°ºo^]?|I{1,3}|IV)`;
const DASH = String.raw`\s*[-‐‑‒–—/]\s*`;
/** " 2025", " del 2025", " '25", " 2025*" — the year after a span label. */
const YEAR_SUFFIX = String.raw`(?:\s*(?:del(?:l')?\s*|['’]\s*)?(?<y>(?:19|20)\d{2}|(?<=['’]\s*)\d{2}))?`;

const alt = (words: readonly string[]): string => [...words].sort((a, b) => b.length - a.length).join('|');

/** The label pattern for one profile's period words (src/domain/vocabulary), built once per profile. */
const compiled = new WeakMap<PeriodVocabulary, RegExp>();
function labelPattern(v: PeriodVocabulary): RegExp {
  const hit = compiled.get(v);
  if (hit) return hit;
  const month = alt(Object.keys(v.months));
  const ord = alt(Object.keys(v.ordinals));
  const count = alt(Object.keys(v.monthCounts));
  const span = [
    String.raw`(?<qn>${NUM})\s*(?:${v.quarterWords.join('|')})`,
    String.raw`(?<qo>${ord})\s+(?:${v.quarterWords.join('|')})`,
    String.raw`Q(?<qq>[1-4])`,
    String.raw`(?<sn>${NUM})\s*(?:${v.halfWords.join('|')})`,
    String.raw`(?<so>${ord})\s+(?:${v.halfWords.join('|')}|metà)`,
    String.raw`H(?<sh>[12])`,
    String.raw`(?<m1>${month})\.?${DASH}(?<m2>${month})\.?`,
    String.raw`(?:(?:${v.firstWords.join('|')})\s+)?(?<nm>${count})\s+${v.monthsWord}`,
  ].join('|');
  const yearWords = alt(v.yearWords.map((w) => w.replace(/\s+/g, '\\s+')));
  const re = new RegExp(
    String.raw`(?<![\p{L}\d])(?:(?:${span})${YEAR_SUFFIX}|(?:(?:${yearWords})\s+)?(?<yo>(?:19|20)\d{2}))(?![\p{L}\d])`,
    'giu',
  );
  compiled.set(v, re);
  return re;
}

function spanFrom(g: Record<string, string | undefined>, v: PeriodVocabulary): PeriodSpan | null {
  const quarter = (q: number): PeriodSpan => ({ firstMonth: q * 3 - 2, lastMonth: q * 3 });
  const half = (h: number): PeriodSpan => ({ firstMonth: h * 6 - 5, lastMonth: h * 6 });
  const num = (s: string): number => {
    const digits = s.replace(/[^\d]/g, '');
    return digits ? Number(digits) : (ROMAN[s.trim().toLowerCase()] ?? 0);
  };
  if (g.qn) return quarter(num(g.qn));
  if (g.qo) return quarter(v.ordinals[g.qo.toLowerCase()] ?? 0);
  if (g.qq) return quarter(Number(g.qq));
  if (g.sn) {
    const h = num(g.sn);
    return h === 1 || h === 2 ? half(h) : null;
  }
  if (g.so) {
    const h = v.ordinals[g.so.toLowerCase()] ?? 0;
    return h === 1 || h === 2 ? half(h) : null;
  }
  if (g.sh) return half(Number(g.sh));
  if (g.m1 && g.m2) {
    const a = v.months[g.m1.toLowerCase()];
    const b = v.months[g.m2.toLowerCase()];
    return a !== undefined && b !== undefined && a <= b ? { firstMonth: a, lastMonth: b } : null;
  }
  if (g.nm) {
    const n = v.monthCounts[g.nm.toLowerCase()];
    return n ? { firstMonth: 1, lastMonth: n } : null;
  }
  return null;
}

function yearFrom(y: string | undefined): number | null {
  if (!y) return null;
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

/**
 * Every period label inside a text, left to right (e.g. a heading "Var. % 1° trim. 2025").
 * Labels without a year have `year: null`.
 */
export function findPeriodLabels(text: string, words: PeriodVocabulary = MONITOR_DISTRETTI.periods): PeriodLabelMatch[] {
  const out: PeriodLabelMatch[] = [];
  for (const m of text.matchAll(labelPattern(words))) {
    const g = m.groups ?? {};
    if (g.yo) {
      out.push({ text: m[0], index: m.index ?? 0, span: { firstMonth: 1, lastMonth: 12 }, year: Number(g.yo), yearOnly: true });
      continue;
    }
    const span = spanFrom(g, words);
    if (!span) continue;
    out.push({ text: m[0], index: m.index ?? 0, span, year: yearFrom(g.y), yearOnly: false });
  }
  return out;
}

/**
 * Parses a whole text as one period label.
 *
 * @returns the period, or null when the text is not exactly one label, or has no year and the
 *   context gives none.
 * @example
 * parsePeriodLabel('1° trimestre del 2025')        // { year: 2025, firstMonth: 1, lastMonth: 3 }
 * parsePeriodLabel('gen.-set.', { year: 2024 })     // { year: 2024, firstMonth: 1, lastMonth: 9 }
 */
export function parsePeriodLabel(label: string, ctx: PeriodLabelContext = {}, words: PeriodVocabulary = MONITOR_DISTRETTI.periods): Period | null {
  // trailing footnote markers and punctuation do not change the period
  const text = label
    .replace(/[\u00a0\u2009\u202f]/g, ' ')
    .replace(/(?:\s*(?:\(\d+\)|\*+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+))+\s*$/u, '')
    .replace(/[\s:;,]+$/u, '')
    .trim();
  const found = findPeriodLabels(text, words);
  const only = found[0];
  if (found.length !== 1 || !only || only.text.length !== text.length) return null;
  const year = only.year ?? ctx.year ?? null;
  if (year === null) return null;
  return { year, firstMonth: only.span.firstMonth, lastMonth: only.span.lastMonth };
}
