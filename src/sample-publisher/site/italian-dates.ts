/** Month names as an Italian corporate site prints them (lower case in dates, capitalised in subtitles). */
export const ITALIAN_MONTHS = [
  'gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno',
  'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre',
] as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Today's date in UTC as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function monthName(month: number): string {
  const name = ITALIAN_MONTHS[month - 1];
  if (name === undefined) throw new RangeError(`month ${month} is not 1..12`);
  return name;
}

/** `2025-06-26` → `26 giugno 2025` (the card's visible date). */
export function italianLongDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${monthName(m)} ${y}`;
}

/** `(2025, 6)` → `Giugno 2025` (the card's subtitle: the cover's month and year). */
export function italianMonthYear(year: number, month: number): string {
  const name = monthName(month);
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} ${year}`;
}

/** Midnight UTC of an ISO date: the site's notion of "published at" for Last-Modified. */
export function isoDateToUtc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}
