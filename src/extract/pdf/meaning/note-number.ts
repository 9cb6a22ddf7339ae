import type { ExtractWarning } from '../../../domain/release.ts';
import type { NoteNumbering } from '../../../domain/registry/types.ts';

/**
 * The release's note number as a cross-check of its reference quarter (issue 9, "Cross-checks").
 *
 * The publisher's numbering is only inferred (shared publisher notes, "Timing": four Emilia-Romagna
 * notes fit n = 4·year + quarter − 8033; each region keeps its own counter, so the formula is
 * per-region data in the registry). An inferred rule must never refuse a release on its own, so a
 * disagreement is a warning, stored with the release for a person to look at. It is never drift
 * because the tables' periods are already bounded by two printed dates, the cover month and the
 * "aggiornati al" cutoff (./reference.ts), and a release they contradict is refused there: a note
 * number that disagrees with tables those dates admit more likely means the counter skipped (a
 * special issue, a renumbering) than that the tables were misread. The warning says which of the
 * printed dates the note number's quarter agrees with, so the person can tell the two apart.
 */

/** The quarter a note number stands for under the region's numbering, or null (no number, no rule). */
export function quarterOfNote(noteNumber: string | null, numbering: NoteNumbering | undefined): { year: number; quarter: number } | null {
  const digits = noteNumber ? /(\d{1,4})\s*$/.exec(noteNumber)?.[1] : undefined;
  if (!digits || !numbering) return null;
  const k = Number(digits) + numbering.offset - 1;
  return { year: Math.floor(k / 4), quarter: (k % 4) + 1 };
}

/**
 * @param reference the quarter read from the tables (their newest single quarter)
 * @param fitsDates whether a quarter ending in that month fits the cover and cutoff dates
 */
export function checkNoteNumber(
  noteNumber: string | null,
  numbering: NoteNumbering | undefined,
  reference: { year: number; quarter: number } | null,
  fitsDates: (year: number, lastMonth: number) => boolean | null,
): ExtractWarning | null {
  const implied = quarterOfNote(noteNumber, numbering);
  if (!implied || !reference || (implied.year === reference.year && implied.quarter === reference.quarter)) return null;
  const dates = fitsDates(implied.year, implied.quarter * 3);
  const also = dates === true ? 'the cover and cutoff dates would admit it too' : dates === false ? 'the cover and cutoff dates do not admit it' : 'no cover or cutoff date to compare';
  return {
    kind: 'note-number-mismatch',
    message: `note ${noteNumber} stands for ${implied.year}Q${implied.quarter} under the numbering inferred for this region (${numbering?.source ?? ''}), but the tables' newest quarter is ${reference.year}Q${reference.quarter}; ${also}. The numbering is only inferred: check the note, then correct the registry's noteNumbering if the counter moved`,
  };
}
