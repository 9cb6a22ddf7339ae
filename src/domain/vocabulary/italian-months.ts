/**
 * Italian month names, the one list the project reads and writes them from (the review of the first
 * landing found four copies). Profiles take their month words from here (./monitor-distretti.ts);
 * the cover date ("Ottobre 2020"), listing dates ("26 giugno 2025", "ott. 2020") and period labels
 * ("gen.-set. 2024") are read with them, and the briefs print them.
 */

/** Full names as printed on covers and in prose, index = month − 1. */
export const ITALIAN_MONTHS = [
  'gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno',
  'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre',
] as const;

/** Abbreviations seen in period labels and listing dates ("gen.-set.", "ott. 2020", "sett."). */
export const ITALIAN_MONTH_ABBREVIATIONS: Readonly<Record<string, number>> = {
  gen: 1, feb: 2, mar: 3, apr: 4, mag: 5, giu: 6, lug: 7, ago: 8, set: 9, sett: 9, ott: 10, nov: 11, dic: 12,
};

/** Every month word, full or abbreviated, lower case → month number. */
export const ITALIAN_MONTH_WORDS: Readonly<Record<string, number>> = {
  ...Object.fromEntries(ITALIAN_MONTHS.map((name, i) => [name, i + 1])),
  ...ITALIAN_MONTH_ABBREVIATIONS,
};
