import type { SampleReleaseInfo } from '../types.ts';

/**
 * The release calendar of the sample monitor: one note per reference quarter
 * 2018Q1–2025Q2. Publication dates follow the windows in the shared publisher notes
 * (Q1 → June–August, Q2 → October–November, Q3 → January–February of the next year,
 * Q4 → April–July of the next year) and, where the press dates a note, land a few
 * days before the first article that quotes it (the source URLs of
 * data/published/*.csv carry those dates). The dates themselves are modelled.
 */
const PUBLISHED_ON: Readonly<Record<string, string>> = {
  '2018Q1': '2018-07-11',
  '2018Q2': '2018-10-30',
  '2018Q3': '2019-01-29',
  '2018Q4': '2019-04-23',
  '2019Q1': '2019-07-09',
  '2019Q2': '2019-11-07', // ANSA 12.11.2019
  '2019Q3': '2020-01-28',
  '2019Q4': '2020-05-26',
  '2020Q1': '2020-07-21',
  '2020Q2': '2020-10-20', // "Nota Trimestrale – n. 49", Ottobre 2020
  '2020Q3': '2021-01-26', // n. 50, Gennaio 2021
  '2020Q4': '2021-04-22', // Gazzetta di Parma 27.04.2021
  '2021Q1': '2021-06-17', // n. 52, Giugno 2021
  '2021Q2': '2021-10-26', // Corriere di Bologna 30.10.2021
  '2021Q3': '2022-01-31', // n. 54, Gennaio 2022
  '2021Q4': '2022-05-12', // ANSA 17.05.2022
  '2022Q1': '2022-07-14',
  '2022Q2': '2022-10-25',
  '2022Q3': '2023-02-09', // ANSA 14.02.2023
  '2022Q4': '2023-07-06', // the Q4 2022 note came in July 2023
  '2023Q1': '2023-08-22', // Gazzetta di Parma 23.08.2023
  '2023Q2': '2023-11-06', // Repubblica Parma 07.11.2023
  '2023Q3': '2024-02-19', // ANSA 20.02.2024
  '2023Q4': '2024-05-14',
  '2024Q1': '2024-08-13', // Repubblica Finanza 19.08.2024
  '2024Q2': '2024-11-05', // Modena2000 06.11.2024
  '2024Q3': '2025-02-11',
  '2024Q4': '2025-05-27', // La Mescolanza 01.06.2025
  '2025Q1': '2025-07-22',
  '2025Q2': '2025-11-04',
};

const MONTHS_IT = [
  'gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno',
  'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre',
] as const;

/** Italian month name, lower case ("giugno"). */
export function italianMonth(month: number): string {
  const m = MONTHS_IT[month - 1];
  if (!m) throw new RangeError(`month must be 1..12, got ${month}`);
  return m;
}

/** The first and last reference quarter of the sample archive. */
export const FIRST_RELEASE: { readonly year: number; readonly quarter: number } = { year: 2018, quarter: 1 };
export const LAST_RELEASE: { readonly year: number; readonly quarter: number } = { year: 2025, quarter: 2 };

export const SERIES_TITLE = "Monitor dei Distretti dell'Emilia-Romagna";
export const SERIES_SLUG = 'monitor-distretti-emilia-romagna';
export const REGION = 'emilia-romagna';
/**
 * Never a real person's name: the sidebar author of every sample note is this
 * placeholder, marked as modelled.
 */
export const SAMPLE_AUTHOR = 'Industry Research (autore fittizio – dati modellati)';

/** `er-YYYYQn` */
export function releaseId(year: number, quarter: number): string {
  return `er-${year}Q${quarter}`;
}

/**
 * Printed note number: the shared notes verify n. 49 = Q2 2020, n. 50 = Q3 2020,
 * n. 52 = Q1 2021, n. 54 = Q3 2021, which fits 4·year + quarter − 8033.
 */
export function noteNumber(year: number, quarter: number): string {
  return `n. ${4 * year + quarter - 8033}`;
}

/** An ISTAT provincial-trade release date: nominal day moved off week-ends (Sat → Fri, Sun → Mon). */
function istatDate(y: number, m: number, d: number): string {
  const date = new Date(Date.UTC(y, m - 1, d));
  const dow = date.getUTCDay();
  if (dow === 6) date.setUTCDate(d - 1);
  if (dow === 0) date.setUTCDate(d + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The ISTAT release that first carries a quarter: about 10 June (Q1), 10 September (Q2),
 * 10 December (Q3) and mid-March of the next year (Q4).
 */
export function istatReleaseOf(year: number, quarter: number): string {
  return quarter === 4 ? istatDate(year + 1, 3, 15) : istatDate(year, quarter * 3 + 3, 10);
}

/**
 * "I dati … sono aggiornati al": the last ISTAT release before the note came out (so the
 * Q4 2022 note of July 2023 is updated to June 2023, not to the March release).
 */
export function dataCutoff(publishedOn: string): string {
  const year = Number(publishedOn.slice(0, 4));
  let best = '';
  for (let y = year - 1; y <= year; y++) {
    for (let q = 1; q <= 4; q++) {
      const d = istatReleaseOf(y, q);
      if (d < publishedOn && d > best) best = d;
    }
  }
  return best;
}

/** Department as printed: renamed "Research Department" from mid-2024 (shared publisher notes). */
export function departmentAt(publishedOn: string): string {
  return publishedOn >= '2024-07-01' ? 'Research Department' : 'Direzione Studi e Ricerche';
}

/** Layout family by release (see /tmp/release-rules: classic, pandemic, modern). */
export function layoutOf(year: number): 'classic' | 'pandemic' | 'modern' {
  if (year <= 2019) return 'classic';
  if (year <= 2022) return 'pandemic';
  return 'modern';
}

/** The whole calendar, oldest first. Pure: no I/O. */
export function buildCalendar(): SampleReleaseInfo[] {
  const out: SampleReleaseInfo[] = [];
  for (let year = FIRST_RELEASE.year; year <= LAST_RELEASE.year; year++) {
    for (let quarter = 1; quarter <= 4; quarter++) {
      if (year === LAST_RELEASE.year && quarter > LAST_RELEASE.quarter) break;
      const publishedOn = PUBLISHED_ON[`${year}Q${quarter}`];
      if (!publishedOn) throw new RangeError(`no publication date for ${year}Q${quarter}`);
      const coverYear = Number(publishedOn.slice(0, 4));
      const coverMonth = Number(publishedOn.slice(5, 7));
      out.push({
        id: releaseId(year, quarter),
        series: SERIES_SLUG,
        region: REGION,
        refYear: year,
        refQuarter: quarter as 1 | 2 | 3 | 4,
        coverYear,
        coverMonth,
        publishedOn,
        dataCutoff: dataCutoff(publishedOn),
        noteNumber: noteNumber(year, quarter),
        department: departmentAt(publishedOn),
        author: SAMPLE_AUTHOR,
        title: SERIES_TITLE,
        fileName: `Monitor dei Distretti Emilia-Romagna ${italianMonth(coverMonth)} ${coverYear}.pdf`,
        layout: layoutOf(year),
      });
    }
  }
  return out;
}
