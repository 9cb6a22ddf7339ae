import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ITALIAN_MONTH_WORDS, ITALIAN_MONTHS, MONITOR_DISTRETTI, type VocabularyProfile } from '../../src/domain/vocabulary/index.ts';
import { readItalianMonthYear } from '../../src/extract/adapters/italian-dates.ts';

/** One list of Italian month names (src/domain/vocabulary/italian-months.ts), read through the profile. */

describe('Italian month names', () => {
  it('full names and abbreviations map to their month', () => {
    expect(ITALIAN_MONTHS).toHaveLength(12);
    expect(Object.keys(ITALIAN_MONTH_WORDS)).toHaveLength(25);
    expect([ITALIAN_MONTH_WORDS.settembre, ITALIAN_MONTH_WORDS.sett, ITALIAN_MONTH_WORDS.set, ITALIAN_MONTH_WORDS.dic]).toEqual([9, 9, 9, 12]);
    expect(MONITOR_DISTRETTI.periods.months).toBe(ITALIAN_MONTH_WORDS);
  });

  it('listing dates are read with the profile words, and nothing else', () => {
    expect(readItalianMonthYear('Monitor … – Ottobre 2020')).toEqual({ year: 2020, month: 10 });
    expect(readItalianMonthYear('pubblicato il 26 sett. 2025')).toEqual({ year: 2025, month: 9 });
    expect(readItalianMonthYear('constructor 2020')).toBeUndefined();
    // a profile with other words (a publisher printing "Okt.") is data, not code
    const other: VocabularyProfile = { ...MONITOR_DISTRETTI, id: 'test-okt', periods: { ...MONITOR_DISTRETTI.periods, months: { okt: 10 } } };
    expect(readItalianMonthYear('Okt. 2020', other)).toEqual({ year: 2020, month: 10 });
    expect(readItalianMonthYear('Ottobre 2020', other)).toBeUndefined();
  });

  it('no other module reading or writing the notes keeps its own copy', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
      });
    // the sample publisher imitates the publisher's site from its own side and is left out
    const copies = ['src/extract', 'src/domain', 'src/report', 'src/transform', 'src/web']
      .flatMap(files)
      .filter((p) => !p.includes('src/domain/vocabulary/italian-months.ts') && /['"]settembre['"]|\bsettembre:/.test(readFileSync(p, 'utf8')));
    expect(copies).toEqual([]);
  });
});
