import { describe, expect, it } from 'vitest';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import { extractRelease } from '../../src/extract/pdf/index.ts';
import { checkNoteNumber, quarterOfNote } from '../../src/extract/pdf/meaning/note-number.ts';
import { renderLayoutPdf } from './layouts/render-pdfkit.ts';
import { NEW_LAYOUTS } from './layouts/named-layouts.ts';
import { renderFixturePdf } from './pdf-fixture.ts';

/** Issue 9, "Cross-checks": the note number against the tables' reference quarter, as a warning only. */

const ER = EMILIA_ROMAGNA.noteNumbering;
const OPTS = { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' } as const;

describe('the quarter a note number stands for', () => {
  it('fits the four Emilia-Romagna notes the rule was inferred from', () => {
    expect(quarterOfNote('n. 49', ER)).toEqual({ year: 2020, quarter: 2 });
    expect(quarterOfNote('n. 50', ER)).toEqual({ year: 2020, quarter: 3 });
    expect(quarterOfNote('n.52', ER)).toEqual({ year: 2021, quarter: 1 });
    expect(quarterOfNote('54', ER)).toEqual({ year: 2021, quarter: 3 });
  });
  it('says nothing without a number or without a rule for the region (Marche keeps its own counter)', () => {
    expect(quarterOfNote(null, ER)).toBeNull();
    expect(quarterOfNote('47', undefined)).toBeNull();
  });
});

describe('a disagreement is a warning, never a refusal', () => {
  const inWindow = () => true;
  it('no warning when the note and the tables agree', () => {
    expect(checkNoteNumber('n. 68', ER, { year: 2025, quarter: 1 }, inWindow)).toBeNull();
  });
  it('a warning naming both quarters and what the printed dates say', () => {
    const w = checkNoteNumber('n. 69', ER, { year: 2025, quarter: 1 }, (y, m) => y === 2025 && m <= 6);
    expect(w?.kind).toBe('note-number-mismatch');
    expect(w?.message).toMatch(/note n\. 69 stands for 2025Q2 .* the tables' newest quarter is 2025Q1; the cover and cutoff dates would admit it too/);
    const far = checkNoteNumber('n. 80', ER, { year: 2025, quarter: 1 }, () => false);
    expect(far?.message).toMatch(/2028Q1 .*the cover and cutoff dates do not admit it/);
  });
});

describe('in whole releases', () => {
  it('a release printing the note its quarter implies reads with no warning', async () => {
    const r = await extractRelease(await renderLayoutPdf(NEW_LAYOUTS['metric-groups-roman']!), OPTS);
    expect(r.meta.noteNumber).toBe('n. 68');
    expect((r.warnings ?? []).filter((w) => w.kind === 'note-number-mismatch')).toEqual([]);
  });
  it('a 2025Q1 note numbered 70 (the rule says 68) loads every figure, with the warning', async () => {
    const r = await extractRelease(await renderFixturePdf(), OPTS);
    expect([r.meta.referenceYear, r.meta.referenceQuarter, r.meta.noteNumber]).toEqual([2025, 1, '70']);
    expect(r.figures.length).toBeGreaterThan(100);
    expect((r.warnings ?? []).filter((w) => w.kind === 'note-number-mismatch').map((w) => w.message)).toEqual([expect.stringMatching(/note 70 stands for 2025Q3/)]);
  });
});
