/**
 * A reference period as the monitor prints it: one quarter, a cumulative span
 * (first half, January–September) or a full year. Every figure is tied to one.
 *
 * Modelled as (year, first month, last month) because releases mix single
 * quarters with cumulative periods (see shared publisher notes, "Inside a release PDF").
 */
export interface Period {
  readonly year: number;
  /** 1–12 */
  readonly firstMonth: number;
  /** 1–12, >= firstMonth */
  readonly lastMonth: number;
}

export type Quarter = 1 | 2 | 3 | 4;

export function quarterPeriod(year: number, quarter: Quarter | number): Period {
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) {
    throw new RangeError(`quarter must be 1..4, got ${quarter}`);
  }
  return { year, firstMonth: (quarter - 1) * 3 + 1, lastMonth: quarter * 3 };
}

export function yearPeriod(year: number): Period {
  return { year, firstMonth: 1, lastMonth: 12 };
}

/** January to the end of the given quarter: Q1 → Q1, Q2 → H1, Q3 → Jan–Sep, Q4 → year. */
export function cumulativeToQuarter(year: number, quarter: Quarter | number): Period {
  return { year, firstMonth: 1, lastMonth: quarterPeriod(year, quarter).lastMonth };
}

/** The quarter number if the period is exactly one calendar quarter, else null. */
export function quarterOf(p: Period): Quarter | null {
  if (p.lastMonth - p.firstMonth !== 2 || (p.firstMonth - 1) % 3 !== 0) return null;
  return ((p.firstMonth - 1) / 3 + 1) as Quarter;
}

export function isFullYear(p: Period): boolean {
  return p.firstMonth === 1 && p.lastMonth === 12;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * The canonical period code used in CSV output and the database:
 * `YYYYQn` for one quarter, `YYYY` for a full year, `YYYYMmm-mm` otherwise.
 */
export function periodCode(p: Period): string {
  const q = quarterOf(p);
  if (q !== null) return `${p.year}Q${q}`;
  if (isFullYear(p)) return String(p.year);
  return `${p.year}M${pad2(p.firstMonth)}-${pad2(p.lastMonth)}`;
}

const CODE = /^(\d{4})(?:Q([1-4])|M(\d{2})-(\d{2}))?$/;

/** Inverse of {@link periodCode}. Throws RangeError on anything else. */
export function parsePeriodCode(code: string): Period {
  const m = CODE.exec(code.trim());
  if (!m) throw new RangeError(`not a period code (want YYYY, YYYYQn or YYYYMmm-mm): "${code}"`);
  const year = Number(m[1]);
  if (m[2]) return quarterPeriod(year, Number(m[2]));
  if (m[3] && m[4]) {
    const first = Number(m[3]);
    const last = Number(m[4]);
    if (first < 1 || last > 12 || first > last) throw new RangeError(`bad month span in "${code}"`);
    return { year, firstMonth: first, lastMonth: last };
  }
  return yearPeriod(year);
}

/** Same span one year earlier: what a year-on-year change compares against. */
export function previousYear(p: Period): Period {
  return { ...p, year: p.year - 1 };
}

export function samePeriod(a: Period, b: Period): boolean {
  return a.year === b.year && a.firstMonth === b.firstMonth && a.lastMonth === b.lastMonth;
}

/** Total order: by year, then end month, then start month (so Q2 sorts before H1). */
export function comparePeriods(a: Period, b: Period): number {
  return a.year - b.year || a.lastMonth - b.lastMonth || b.firstMonth - a.firstMonth;
}

/** Quarters are indexed year*4+q-1 so consecutive quarters differ by one. */
export function quarterIndex(year: number, quarter: number): number {
  return year * 4 + (quarter - 1);
}

export function quarterFromIndex(index: number): { year: number; quarter: Quarter } {
  return { year: Math.floor(index / 4), quarter: ((index % 4) + 1) as Quarter };
}
