import { vocabulary, type VocabularyProfile } from '../../domain/vocabulary/index.ts';

export interface MonthYear {
  readonly year: number;
  readonly month: number;
}

/**
 * Finds "<mese> <anno>" in free text ("Giugno 2025", "26 giugno 2025", "ott. 2020"), with the month
 * words, full or abbreviated, of the publisher's vocabulary profile (src/domain/vocabulary).
 * Returns the first match, or undefined.
 *
 * @example readItalianMonthYear('Monitor … – Ottobre 2020') // { year: 2020, month: 10 }
 */
export function readItalianMonthYear(text: string, profile?: VocabularyProfile | string): MonthYear | undefined {
  const words = vocabulary(profile).profile.periods.months;
  const re = /(\p{L}+)\.?\s+((?:19|20)\d{2})\b/gu;
  for (const m of text.matchAll(re)) {
    const word = m[1]!.toLowerCase();
    const month = Object.hasOwn(words, word) ? words[word] : undefined;
    if (month !== undefined) return { year: Number(m[2]), month };
  }
  return undefined;
}

/** Reads an ISO date (`2025-06-26`, as in a `datetime` attribute); undefined otherwise. */
export function readIsoDate(text: string): { year: number; month: number; day: number } | undefined {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { year, month, day };
}
