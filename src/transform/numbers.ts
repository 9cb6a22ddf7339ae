/**
 * Italian number formats as printed in the monitor (shared publisher notes, "Inside a release PDF"):
 * decimal comma, dot for thousands ("4.878", "20.700,8"), an explicit "+" on positive changes,
 * hyphen-minus or U+2212 "−" for negatives, "n.d." / "-" / "–" for empty cells, and billions in
 * words in prose ("17,5 miliardi").
 */

/** Cell texts that mean "no value" (not computable / not available). */
const EMPTY_CELL = /^(?:n\.?\s?d\.?|n\.?\s?s\.?|n\.?\s?a\.?|[-‐‑‒–—−]+|\.\.|…)$/i;

/**
 * sign, integer part (either grouped with dots in threes, or plain digits), optional decimal
 * comma part, optional percent sign. En dash and U+2212 count as minus signs: both occur in
 * typeset Italian tables.
 */
const NUMBER = /^([+\-‐‑–−]?)\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*%?$/;

/** Whether a cell says "no value" ("n.d.", "-", "–", "—"). */
export function isEmptyCell(raw: string): boolean {
  return EMPTY_CELL.test(raw.trim());
}

/** Whether a cell is a number in Italian notation (see {@link parseItalianNumber}). */
export function isItalianNumber(raw: string): boolean {
  return NUMBER.test(normalizeSpaces(raw));
}

/** Whether a table cell holds a number or an explicit empty marker. */
export function isNumericCell(raw: string): boolean {
  return isEmptyCell(raw) || isItalianNumber(raw);
}

/**
 * Parses a number as printed in an Italian table cell.
 *
 * @returns the value, or `null` for an empty cell ("n.d.", "-", "–", "—", "").
 * @throws RangeError when the text is neither a number nor an empty marker.
 * @example
 * parseItalianNumber('20.700,8') // 20700.8
 * parseItalianNumber('−3,9%')    // -3.9
 * parseItalianNumber('n.d.')     // null
 */
export function parseItalianNumber(raw: string): number | null {
  const text = normalizeSpaces(raw);
  if (text === '' || isEmptyCell(text)) return null;
  const m = NUMBER.exec(text);
  if (!m) throw new RangeError(`not an Italian number: "${raw}"`);
  const sign = m[1] && m[1] !== '+' ? -1 : 1;
  const int = (m[2] ?? '').replace(/\./g, '');
  const value = Number(m[3] ? `${int}.${m[3]}` : int);
  // 309+ digits overflow to Infinity, which must never be loaded as a figure (issue 12, property tests).
  if (!Number.isFinite(value)) throw new RangeError(`number out of range: "${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}"`);
  // -0 would print as "0" but compare unequal under Object.is; keep plain 0.
  return value === 0 ? 0 : sign * value;
}

const SCALE: Readonly<Record<string, number>> = {
  miliardi: 1000,
  miliardo: 1000,
  mld: 1000,
  'mld.': 1000,
  milioni: 1,
  milione: 1,
  mln: 1,
  'mln.': 1,
};

const PROSE_AMOUNT = /([+\-−]?\d{1,3}(?:\.\d{3})*(?:,\d+)?|[+\-−]?\d+(?:,\d+)?)\s*(miliardi|miliardo|mld\.?|milioni|milione|mln\.?)(?=[\s.,;:)]|$)/i;

/**
 * Reads an amount written in words in prose, in millions of euro:
 * "17,5 miliardi" → 17500, "162 milioni" → 162. Returns null when the text has no such amount.
 */
export function parseProseAmountMeur(text: string): number | null {
  const m = PROSE_AMOUNT.exec(normalizeSpaces(text));
  if (!m || !m[1] || !m[2]) return null;
  const n = parseItalianNumber(m[1]);
  const scale = SCALE[m[2].toLowerCase()];
  if (n === null || scale === undefined) return null;
  // round to avoid 17.5*1000 = 17499.999… style artefacts
  return Math.round(n * scale * 1e6) / 1e6;
}

function normalizeSpaces(s: string): string {
  return s.replace(/[\u00a0\u2009\u202f]/g, ' ').trim();
}
