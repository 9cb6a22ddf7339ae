import { ITALIAN_MONTHS } from '../domain/vocabulary/index.ts';
import type { BriefLang } from './types.ts';

/**
 * Number formatting per language, by hand rather than Intl: Italian CLDR data leave
 * four-digit numbers ungrouped ("4878") while the monitor prints "4.878", and the output
 * must not depend on the ICU build (briefs are byte-identical across machines).
 */
const SEP: Record<BriefLang, { group: string; decimal: string }> = {
  it: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

/** Typographic minus (U+2212), as in print; the embedded font has the glyph. */
export const MINUS = '\u2212';

/** `1234.5` → "1.234,5" (it) / "1,234.5" (en); negative numbers use U+2212. */
export function formatNumber(value: number, lang: BriefLang, decimals: number): string {
  const { group, decimal } = SEP[lang];
  const fixed = Math.abs(value).toFixed(decimals);
  const negative = value < 0 && Number(fixed) !== 0;
  const [int = '0', frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return (negative ? MINUS : '') + grouped + (frac ? decimal + frac : '');
}

/**
 * A level in millions of euro: at most one decimal, none when the stored value is whole,
 * so the brief shows a figure exactly as the database holds it ("162", "20.700,8").
 */
export function formatLevel(value: number | null, lang: BriefLang): string {
  if (value === null) return '–';
  const rounded = Math.round(value * 10) / 10;
  return formatNumber(rounded, lang, Number.isInteger(rounded) ? 0 : 1);
}

/** A percentage change with an explicit sign, one decimal: "+19,9%", "−19,1%". */
export function formatPct(value: number | null, lang: BriefLang, opts: { sign?: boolean; unit?: string } = {}): string {
  if (value === null) return '–';
  const body = formatNumber(value, lang, 1);
  const sign = opts.sign !== false && value > 0 && Number(Math.abs(value).toFixed(1)) !== 0 ? '+' : '';
  return `${sign}${body}${opts.unit ?? '%'}`;
}

/** Percentage points with a sign: "+3,2 p.p." / "+3.2 pp". */
export function formatPoints(value: number, lang: BriefLang): string {
  return formatPct(value, lang, { unit: lang === 'it' ? ' p.p.' : ' pp' });
}

/** An ISO date as printed: "10.06.2025" (it) / "10 Jun 2025" (en). */
export function formatDate(iso: string | null, lang: BriefLang): string {
  if (!iso) return '–';
  const [y, m, d] = iso.split('-');
  if (lang === 'it') return `${d}.${m}.${y}`;
  return `${Number(d)} ${MONTHS_EN_SHORT[Number(m) - 1] ?? m} ${y}`;
}

const MONTHS_EN_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const MONTHS: Record<BriefLang, readonly string[]> = {
  it: ITALIAN_MONTHS,
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** "1° trim. 2025" / "Q1 2025" (short, for axes and tables). */
export function quarterShort(year: number, quarter: number, lang: BriefLang): string {
  return lang === 'it' ? `${quarter}° trim. ${year}` : `Q${quarter} ${year}`;
}

/** "1° trimestre 2025" / "first quarter of 2025" (prose). */
export function quarterLong(year: number, quarter: number, lang: BriefLang): string {
  if (lang === 'it') return `${quarter}° trimestre ${year}`;
  const ord = ['first', 'second', 'third', 'fourth'][quarter - 1] ?? `Q${quarter}`;
  return `${ord} quarter of ${year}`;
}

/** "2025Q1"-style code used in CSV files (language-neutral). */
export function quarterCode(year: number, quarter: number): string {
  return `${year}Q${quarter}`;
}
