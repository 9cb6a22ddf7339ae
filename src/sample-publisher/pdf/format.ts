/**
 * Italian number and date formats as the monitor prints them (shared publisher notes,
 * "Inside a release PDF"): decimal comma, dot for thousands, explicit "+" on changes, a
 * layout-dependent minus sign, billions in words in prose.
 */

/** Hyphen-minus or U+2212: which one a layout prints for negatives. */
export type MinusSign = '-' | '\u2212';

/** Placeholder for a figure that cannot be computed. */
export const NOT_AVAILABLE = 'n.d.';

const MONTHS_IT = [
  'Gennaio', 'Febbraio', 'Marzo', 'Aprile', 'Maggio', 'Giugno',
  'Luglio', 'Agosto', 'Settembre', 'Ottobre', 'Novembre', 'Dicembre',
] as const;

/** Groups the integer digits in threes with dots: "20700" → "20.700". */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Absolute value with one decimal in Italian notation; "-0.04" → "0,0" (never a signed zero). */
function absOneDecimal(value: number): string {
  const [int = '0', dec = '0'] = Math.abs(value).toFixed(1).split('.');
  return `${groupThousands(int)},${dec}`;
}

/** True when the value prints as zero at one decimal, so it must not carry a sign. */
function isPrintedZero(value: number): boolean {
  return Math.abs(value) < 0.05;
}

/**
 * A level in millions of euro: "4.878,3". Levels carry no "+".
 * @example formatLevel(20700.84) // "20.700,8"
 */
export function formatLevel(value: number, minus: MinusSign = '-'): string {
  return (value < 0 && !isPrintedZero(value) ? minus : '') + absOneDecimal(value);
}

/**
 * A change (%, or millions of euro) with an explicit sign: "+6,4", "−3,9", "0,0".
 * @example formatChange(-3.9, '\u2212') // "−3,9"
 */
export function formatChange(value: number, minus: MinusSign = '-'): string {
  if (isPrintedZero(value)) return absOneDecimal(0);
  return (value > 0 ? '+' : minus) + absOneDecimal(value);
}

/** A % change in prose: "+6,4%". */
export function formatPercentProse(value: number, minus: MinusSign = '-'): string {
  return `${formatChange(value, minus)}%`;
}

/**
 * An amount in millions of euro in prose: billions in words from 1.000 million on
 * ("5,4 miliardi di euro", as the notes write "17,5 miliardi"), otherwise millions.
 */
export function formatAmountProse(meur: number, minus: MinusSign = '-'): string {
  if (Math.abs(meur) >= 1000) return `${formatLevel(meur / 1000, minus)} miliardi di euro`;
  return `${formatLevel(meur, minus)} milioni di euro`;
}

/** ISO date "2025-06-10" → "10.06.2025" (the cutoff line's format). */
export function formatDateDots(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): "${iso}"`);
  return `${m[3]}.${m[2]}.${m[1]}`;
}

/** Cover month and year: (6, 2025) → "Giugno 2025". */
export function monthYear(month: number, year: number): string {
  const name = MONTHS_IT[month - 1];
  if (!name) throw new RangeError(`month must be 1..12, got ${month}`);
  return `${name} ${year}`;
}

/** Roman numeral for a quarter or half (1..4). */
export function romanQuarter(q: number): string {
  const r = ['I', 'II', 'III', 'IV'][q - 1];
  if (!r) throw new RangeError(`quarter must be 1..4, got ${q}`);
  return r;
}
