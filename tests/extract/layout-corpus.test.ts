import { describe, expect, it } from 'vitest';
import { corpusRelease, deltaOf, yoyOf } from './layouts/corpus-data.ts';
import { classify, describeOutcome, type Outcome } from './layouts/classify.ts';
import { extractRelease } from '../../src/extract/pdf/index.ts';
import { CONTRADICTING_COVER, FOREIGN_COLUMNS, NEW_LAYOUTS, PROSE_MISMATCH, SPANNING_HEADINGS } from './layouts/named-layouts.ts';
import { renderLayoutPdf } from './layouts/render-pdfkit.ts';
import { expectedFigures, type DocumentLayout } from './layouts/table-layout.ts';

/**
 * Issue 9: release layouts the extractor has never seen, drawn in-process with pdfkit from the
 * sample catalog's real levels (tests/extract/layouts). Each must be read exactly, or refused as
 * layout drift where the case says so — never a wrong figure.
 */

async function outcomeOf(layout: DocumentLayout): Promise<Outcome> {
  const data = corpusRelease(layout.release);
  return classify(await renderLayoutPdf(layout), expectedFigures(data, layout.table), data);
}

describe('the corpus numbers', () => {
  it('are the sample catalog levels, with changes recomputed from them as printed', () => {
    const data = corpusRelease('er-2024Q3');
    const mirandola = data.hubs.find((r) => r.entity.name === 'Biomedicale di Mirandola');
    expect(mirandola?.levels.q).toBeGreaterThan(0);
    expect(data.periods.cum).toEqual({ year: 2024, firstMonth: 1, lastMonth: 9 });
    expect(yoyOf(110, 100)).toBe(10);
    expect(deltaOf(711.5, 730.6)).toBe(-19.1);
    // every member and aggregate of the release: 19 districts, 4 sectors, 1 total; 3 hubs and their total
    expect([data.districts.length, data.hubs.length]).toEqual([24, 4]);
    const keys = expectedFigures(data, NEW_LAYOUTS['period-groups-nine-months']!.table);
    expect(keys).toHaveLength(28 * 8);
    expect(keys).toContain(`Biomedicale di Mirandola|2024M01-09|exports_meur|${mirandola?.levels.cum}`);
  });
});

describe('four new pdfkit layouts with wordings the sample never prints', () => {
  for (const [name, layout] of Object.entries(NEW_LAYOUTS)) {
    it(`${name}: read exactly`, async () => {
      const o = await outcomeOf(layout);
      expect(describeOutcome(o)).toBe('exact');
    });
  }
});

describe('spanning period headings set off-centre or left-aligned (issue 9: 112 figures under wrong periods)', () => {
  for (const [name, layout] of Object.entries(SPANNING_HEADINGS)) {
    it(`${name}: never a wrong figure`, async () => {
      const o = await outcomeOf(layout);
      expect(o.kind, describeOutcome(o)).not.toBe('wrong');
    });
    it(`${name}: read exactly (a person reads it at first sight)`, async () => {
      const o = await outcomeOf(layout);
      expect(describeOutcome(o)).toBe('exact');
    });
  }
});

describe('columns that are not exports (balance, share, imports)', () => {
  for (const [name, layout] of Object.entries(FOREIGN_COLUMNS)) {
    it(`${name}: never read as exports — the other columns exact, or the release refused naming that column`, async () => {
      const o = await outcomeOf(layout);
      expect(o.kind, describeOutcome(o)).not.toBe('wrong');
      if (o.kind === 'refused') {
        const heading = layout.table.header.at(-1)?.at(-1)?.text.split('\n')[0] ?? '';
        expect(o.findings.some((f) => f.includes(heading)), describeOutcome(o)).toBe(true);
      }
    });
  }
});

describe('figures quoted in the prose are checked against the cells', () => {
  const OPTS = { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' } as const;
  for (const [name, layout] of Object.entries(PROSE_MISMATCH)) {
    it(`${name}: read exactly, with a warning naming the misquoted figure on the summary page`, async () => {
      const bytes = await renderLayoutPdf(layout);
      const data = corpusRelease(layout.release);
      expect(describeOutcome(await classify(bytes, expectedFigures(data, layout.table), data))).toBe('exact');
      const { warnings = [] } = await extractRelease(bytes, OPTS);
      expect(warnings.filter((w) => w.kind === 'prose-figure-mismatch').map((w) => w.page)).toEqual([2]);
    });
  }
  it('no warning when the prose quotes the cells', async () => {
    const { warnings = [] } = await extractRelease(await renderLayoutPdf(NEW_LAYOUTS['metric-groups-roman']!), OPTS);
    expect(warnings.filter((w) => w.kind === 'prose-figure-mismatch')).toEqual([]);
  });
});

describe('tables whose periods contradict the cover', () => {
  for (const [name, layout] of Object.entries(CONTRADICTING_COVER)) {
    it(`${name}: refused as layout drift`, async () => {
      const o = await outcomeOf(layout);
      expect(o.kind, describeOutcome(o)).toBe('refused');
    });
  }
});
