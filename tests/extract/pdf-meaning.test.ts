import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSampleCatalog } from '../../src/sample-publisher/dataset/index.ts';
import { groupFindings } from '../../src/extract/pdf/drift-report.ts';
import { extractRelease, LayoutDriftError, type DriftFinding } from '../../src/extract/pdf/index.ts';
import { deltaFits, yoyFits } from '../../src/extract/pdf/meaning/arithmetic.ts';
import { headingAssignments } from '../../src/extract/pdf/meaning/blocks.ts';
import { fitsWindow, referenceWindow } from '../../src/extract/pdf/meaning/reference.ts';
import type { Chunk } from '../../src/extract/pdf/types.ts';

/** Issue 9: table meaning from the whole table, proven by its arithmetic, checked against the release's dates. */

const chunk = (text: string, x0: number, x1: number): Chunk => ({ text, x0, x1, y: 0, fontSize: 8, footnotes: [], pieces: [{ text, x0, x1 }] });
const cell = (value: number, digits = 1) => ({ value, half: 0.5 * 10 ** -digits, col: 0 });

describe('arithmetic with rounding tolerances', () => {
  it('a year-on-year % fits its two levels within the rounding of all three', () => {
    expect(yoyFits(cell(-14.2), cell(1020.7), cell(1189.2))).toBe(true);
    expect(yoyFits(cell(-14.3), cell(1020.7), cell(1189.2))).toBe(false);
    expect(yoyFits(cell(25.0), cell(1.2), cell(1.0))).toBe(true); // small levels: their rounding dominates
    expect(yoyFits(cell(35.0), cell(1.2), cell(1.0))).toBe(false);
    expect(yoyFits(cell(-15.0), cell(1020.7), cell(1189.2))).toBe(false);
    expect(yoyFits(cell(+14.2), cell(1020.7), cell(1189.2))).toBe(false); // levels swapped
  });
  it('a difference fits its two levels', () => {
    expect(deltaFits(cell(-168.5), cell(1020.7), cell(1189.2))).toBe(true);
    expect(deltaFits(cell(-168.7), cell(1020.7), cell(1189.2))).toBe(false);
  });
});

describe('group headings over blocks of columns', () => {
  // four right-aligned columns of 50 pt: boxes [100,150] [150,200] [200,250] [250,300]
  const boxes: [number, number][] = [[100, 150], [150, 200], [200, 250], [250, 300]];
  const lowest = [chunk('2024', 130, 150), chunk('2025', 180, 200), chunk('Var. %', 225, 250), chunk('Diff.', 280, 300)];
  const parts = (group: Chunk) => headingAssignments([[group], lowest], boxes).map((a) => a.parts.map((p) => p.join(' ')));

  it('a centred group heading spans its whole block in the best-fitting assignment', () => {
    const all = headingAssignments([[chunk('1° trim.', 180, 220)], lowest], boxes);
    expect(all[0]?.parts.map((p) => p[0])).toEqual(['1° trim.', '1° trim.', '1° trim.', '1° trim.']);
    expect(all[0]?.inferredGroups.every((g) => g.length === 0)).toBe(true);
    // the two middle columns are centred under it too: only the numbers can tell (./choose.ts)
    expect(all.some((a) => a.parts.map((p) => p[0]).join() === '2024,1° trim.,1° trim.,Diff.')).toBe(true);
  });

  it('a left-aligned or off-centre heading has every block containing it as a candidate', () => {
    for (const group of [chunk('1° trim.', 102, 140), chunk('1° trim.', 150, 190)]) {
      const all = parts(group);
      expect(all.some((p) => p.every((t) => t.startsWith('1° trim.'))), group.x0.toString()).toBe(true);
      expect(all.length).toBeGreaterThan(1);
    }
  });
});

describe('the release dates bound its reference quarter', () => {
  it('every sample release fits its own cover and cutoff', () => {
    for (const info of loadSampleCatalog().releases()) {
      const w = referenceWindow({ coverMonth: info.coverMonth, coverYear: info.coverYear, dataCutoff: info.dataCutoff });
      const q = { year: info.refYear, firstMonth: info.refQuarter * 3 - 2, lastMonth: info.refQuarter * 3 };
      expect(fitsWindow([q], w), info.id).toBe(true);
      // a year too early, or the quarter read as the whole year, does not
      expect(fitsWindow([{ ...q, year: q.year - 1 }], w), info.id).toBe(false);
      expect(fitsWindow([{ year: q.year, firstMonth: 1, lastMonth: 12 }], w), info.id).toBe(info.refQuarter === 4);
    }
  });
});

describe('findings about one cause are grouped', () => {
  it('24 alike findings in one table become one short finding naming the columns', () => {
    const many: DriftFinding[] = Array.from({ length: 24 }, (_, i) => ({
      kind: 'cell-not-a-number',
      expected: 'a number or n.d. under each heading',
      found: `"${'x'.repeat(500)}" in row ${i}`,
      page: 3,
      table: 'p3-distretti',
      column: `#${(i % 3) + 1}`,
    }));
    const grouped = groupFindings([...many, { kind: 'table-missing', expected: 'the hubs table', found: 'none', table: 'poli' }]);
    expect(grouped).toHaveLength(2);
    expect(grouped[0]?.found).toMatch(/^24 alike in columns "#1", "#2", "#3"; first: /);
    expect(grouped[0]?.found.length).toBeLessThanOrEqual(240);
  });
});

describe('a refused release reports the tables as read', () => {
  it('caption, each column with its reading and evidence, first rows; plain data', async () => {
    const bytes = new Uint8Array(readFileSync('tests/fixtures/layouts/chromium-known.pdf'));
    const ok = await extractRelease(bytes, { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' });
    // what extractRelease returns crosses worker threads: it must survive structured cloning
    expect(structuredClone(ok)).toEqual(ok);

    const { renderReleasePdf } = await import('../../src/sample-publisher/pdf/index.ts');
    const catalog = loadSampleCatalog();
    const info = catalog.release('er-2019Q2')!;
    // the sample publisher's drifted variant: renamed % heading, an extra share column, no hubs table
    const drifted = await renderReleasePdf(info, catalog.figures(info.id), { variant: 'drifted' });
    const err = await extractRelease(drifted, { series: info.series, region: info.region }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LayoutDriftError);
    const drift = err as LayoutDriftError;
    const table = drift.tables[0]!;
    expect(table.caption).toMatch(/^Tab\. 1/);
    expect(table.rows).toHaveLength(3);
    expect(table.columns.find((c) => c.label.includes('Tasso di variazione'))?.reading).toMatch(/^not understood/);
    expect(table.columns.find((c) => c.label.includes('Milioni di euro'))?.evidence.join(' ')).toMatch(/printed in the heading/);
    expect(drift.message).toContain('Tables as read:');
    expect(drift.message).toContain('first rows:');
    expect(structuredClone(drift.context)).toEqual(drift.context);
    // one finding per cause: the two "Tasso di variazione" columns of one table are one finding
    expect(drift.findings.filter((f) => f.kind === 'column-not-understood' && f.table === table.table)).toHaveLength(1);
  });
});
