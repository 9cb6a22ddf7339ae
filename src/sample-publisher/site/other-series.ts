import { createHash } from 'node:crypto';
import { ITALIAN_MONTHS, italianMonthYear } from './italian-dates.ts';
import { gateIdFor } from './gate.ts';
import { pdfPath } from './paths.ts';
import type { SiteDocument } from './documents.ts';

/**
 * Unrelated series that share the real portal's archive (publisher.md: sister regional
 * monitors, the national monitor, the tech-hub monitor, other research). They exist so that
 * a crawler must recognise the Emilia-Romagna release by its title, not take every PDF.
 * Months are when each issue appears in this replica (about 16 documents a year).
 */
export interface OtherSeries {
  readonly slug: string;
  readonly title: string;
  /** File names are `<fileStem> <month> <year>.pdf`, with spaces, as the real ones. */
  readonly fileStem: string;
  readonly months: readonly number[];
}

export const OTHER_SERIES: readonly OtherSeries[] = [
  { slug: 'monitor-distretti-lombardia', title: 'Monitor dei Distretti della Lombardia', fileStem: 'Monitor dei Distretti Lombardia', months: [1, 4, 7, 10] },
  { slug: 'monitor-distretti-piemonte', title: 'Monitor dei Distretti del Piemonte', fileStem: 'Monitor dei Distretti Piemonte', months: [3, 9] },
  { slug: 'monitor-distretti-triveneto', title: 'Monitor dei Distretti del Triveneto', fileStem: 'Monitor dei Distretti Triveneto', months: [2, 8] },
  { slug: 'monitor-dei-distretti', title: 'Monitor dei Distretti', fileStem: 'Monitor dei Distretti', months: [5, 12] },
  { slug: 'monitor-poli-tecnologici', title: 'Monitor dei Poli Tecnologici', fileStem: 'Monitor dei Poli Tecnologici', months: [6] },
  { slug: 'economia-finanza-distretti-industriali', title: 'Economia e finanza dei distretti industriali', fileStem: 'Economia e finanza dei distretti industriali', months: [12] },
  { slug: 'weekly-economic-monitor', title: 'Weekly Economic Monitor', fileStem: 'Weekly Economic Monitor', months: [2, 5, 9, 11] },
];

/** A reproducible working day (3rd–26th, weekends moved to Monday) for an issue. */
export function issueDay(slug: string, year: number, month: number): string {
  const h = createHash('sha256').update(`${slug}:${year}:${month}`).digest();
  const d = new Date(Date.UTC(year, month - 1, 3 + (h[0]! % 24)));
  const dow = d.getUTCDay();
  if (dow === 6) d.setUTCDate(d.getUTCDate() + 2);
  if (dow === 0) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Every issue of the unrelated series for the years `fromYear..toYear`, in no particular order. */
export function otherDocuments(fromYear: number, toYear: number, series: readonly OtherSeries[] = OTHER_SERIES): SiteDocument[] {
  const docs: SiteDocument[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    for (const s of series) {
      for (const month of s.months) {
        const path = pdfPath(s.slug, year, `${s.fileStem} ${ITALIAN_MONTHS[month - 1]} ${year}.pdf`);
        docs.push({
          id: `${s.slug}-${year}-${String(month).padStart(2, '0')}`,
          title: s.title,
          subtitle: italianMonthYear(year, month),
          publishedOn: issueDay(s.slug, year, month),
          path,
          gateId: gateIdFor(path),
        });
      }
    }
  }
  return docs;
}
