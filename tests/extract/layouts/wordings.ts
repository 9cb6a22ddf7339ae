import type { Period } from '../../../src/domain/period.ts';

/**
 * Heading wordings a person reads at first sight as the monitor's metrics and periods, most of
 * them never printed by the sample publisher. Test data only: the extractor's own vocabulary is
 * the reader's (src/extract/pdf); these lists are what it is measured against.
 */

/** Level headings that state the unit. */
export const LEVEL_WORDS = [
  'Milioni di euro',
  'Esportazioni (milioni di euro)',
  'Export (mln €)',
  'Export (milioni di euro)',
  'Valori in milioni di euro',
  'Export, mln €',
] as const;

/** Level sub-headings under a group or a caption that states the unit. */
export const LEVEL_SHORT = ['Export', 'Esportazioni', 'Milioni di euro', 'Mln €'] as const;

export const YOY_WORDS = ['Var. %', 'Var. % tendenziale', 'Variazione %', 'Var. % a/a', 'Variazione tendenziale %', 'Var. % annua'] as const;

export const DELTA_WORDS = ['Differenza (mln €)', 'Diff. (milioni di euro)', 'Var. assoluta (mln €)', 'Differenza in milioni di euro', 'Diff. mln €'] as const;

const ROMAN = ['I', 'II', 'III', 'IV'];
const ORDINAL = ['Primo', 'Secondo', 'Terzo', 'Quarto'];

/** Ways to print one calendar quarter; `year` null for a bare label under which years are printed. */
export function quarterLabels(q: number, year: number | null): string[] {
  const y = year === null ? '' : ` ${year}`;
  const r = ROMAN[q - 1] ?? '?';
  const o = ORDINAL[q - 1] ?? '?';
  return [`${q}° trim.${y}`, `${q}° trimestre${y}`, `${r} trim.${y}`, `${o} trimestre${y}`, `${r} trimestre${y}`];
}

/** Ways to print a cumulative period January–`lastMonth`. */
export function cumulativeLabels(lastMonth: number, year: number | null): string[] {
  const y = year === null ? '' : ` ${year}`;
  const del = year === null ? '' : ` del ${year}`;
  if (lastMonth === 6) return [`1° sem.${y}`, `gen.-giu.${y}`, `Primo semestre${y}`, `Primi sei mesi${del}`, `gennaio-giugno${y}`];
  if (lastMonth === 9) return [`gen.-set.${y}`, `gennaio-settembre${y}`, `Primi nove mesi${del}`, `Gen.-Set.${y}`];
  return [`anno${y}`];
}

/** The labels of a period, with or without its year. */
export function periodLabels(p: Period, withYear: boolean): string[] {
  const year = withYear ? p.year : null;
  if (p.lastMonth - p.firstMonth === 2) return quarterLabels(p.lastMonth / 3, year);
  return cumulativeLabels(p.lastMonth, year);
}
