import { describe, expect, it } from 'vitest';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import type { EntityDef } from '../../src/domain/registry/types.ts';
import { extractRelease, LayoutDriftError } from '../../src/extract/pdf/index.ts';
import { checkArithmetic } from '../../src/extract/pdf/meaning/arithmetic.ts';
import { checkSubtotals, subtotalGroups, type TablePart } from '../../src/extract/pdf/meaning/subtotals.ts';
import type { ColumnMeaning } from '../../src/extract/pdf/meaning/types.ts';
import type { Chunk } from '../../src/extract/pdf/types.ts';
import { classify, describeOutcome } from './layouts/classify.ts';
import { corpusRelease } from './layouts/corpus-data.ts';
import { renderLayoutPdf } from './layouts/render-pdfkit.ts';
import { SUBTOTALS_ONLY } from './layouts/subtotal-layouts.ts';
import { expectedFigures } from './layouts/table-layout.ts';
import { renderFixturePdf } from './pdf-fixture.ts';

/** Issue 9, item 2: sector subtotals and totals checked against their members. */

const OPTS = { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' } as const;
const chunk = (text: string): Chunk => ({ text, x0: 0, x1: 1, y: 0, fontSize: 8, footnotes: [], pieces: [{ text, x0: 0, x1: 1 }] });
const entity = (name: string): EntityDef => {
  const e = EMILIA_ROMAGNA.entities.find((x) => x.name === name);
  if (!e) throw new Error(name);
  return e;
};
const level = (year: number): ColumnMeaning => ({ status: 'read', label: `${year}`, metric: 'exports_meur', period: { year, firstMonth: 1, lastMonth: 3 }, evidence: [], inferred: [] });
const delta: ColumnMeaning = { status: 'read', label: 'Diff.', metric: 'delta_meur', period: { year: 2025, firstMonth: 1, lastMonth: 3 }, evidence: [], inferred: [] };
const yoy: ColumnMeaning = { status: 'read', label: 'Var. %', metric: 'yoy_pct', period: { year: 2025, firstMonth: 1, lastMonth: 3 }, evidence: [], inferred: [] };

const CASA = ['Piastrelle di Sassuolo', 'Mobili imbottiti di Forlì'];
/** Sistema casa: its two districts and the subtotal, cells as printed. */
function casa(cells: Record<string, readonly string[]>, names = [...CASA, 'Sistema casa (distretti ER)']): TablePart {
  return { kind: 'distretti', rows: names.map((n) => ({ label: n, entity: entity(n), cells: (cells[n] ?? []).map((t) => (t === '' ? undefined : chunk(t))) })) };
}
const check = (part: TablePart, meanings: readonly ColumnMeaning[], parts: readonly TablePart[] = [part]) =>
  checkSubtotals(meanings, part.rows, subtotalGroups(parts, EMILIA_ROMAGNA.entities)[parts.indexOf(part)] ?? []);

describe('subtotals against their members (pure)', () => {
  const good = { 'Piastrelle di Sassuolo': ['1.250,4', '1.301,2', '+50,8'], 'Mobili imbottiti di Forlì': ['301,3', '289,9', '-11,4'], 'Sistema casa (distretti ER)': ['1.551,6', '1.591,1', '+39,5'] };

  it('levels and differences that add up within the printed rounding hold, and count as proof', () => {
    const r = check(casa(good), [level(2024), level(2025), delta]);
    expect([r.passed, r.failed, r.warnings]).toEqual([[1, 1, 1], [0, 0, 0], []]);
    // 1.250,4 + 301,3 = 1.551,7: one tenth off, inside 3 × half a tenth
    const r2 = check(casa({ ...good, 'Sistema casa (distretti ER)': ['1.551,7', '1.591,1', '+39,5'] }), [level(2024), level(2025), delta]);
    expect(r2.failed).toEqual([0, 0, 0]);
  });

  it('a % change column is never summed; its total is checked against the total own levels (./arithmetic.ts)', () => {
    const pct = { 'Piastrelle di Sassuolo': ['1.250,4', '1.301,2', '+4,1'], 'Mobili imbottiti di Forlì': ['301,3', '289,9', '-3,8'] };
    const rows = casa({ ...pct, 'Sistema casa (distretti ER)': ['1.551,6', '1.591,1', '+2,5'] }).rows;
    expect(checkSubtotals([level(2024), level(2025), yoy], rows, subtotalGroups([{ kind: 'distretti', rows }], [])[0]!).passed).toEqual([1, 1, 0]);
    // the total's yoy must follow from its own levels like any row: +2,5% is right, +3,5% is not
    expect(checkArithmetic([level(2024), level(2025), yoy], rows).failed[2]).toBe(0);
    const wrong = casa({ ...pct, 'Sistema casa (distretti ER)': ['1.551,6', '1.591,1', '+3,5'] }).rows;
    expect(checkArithmetic([level(2024), level(2025), yoy], wrong).failures[0]).toMatch(/Sistema casa/);
  });

  it('members above their subtotal fail: nothing left out of the table can explain it', () => {
    const r = check(casa({ ...good, 'Sistema casa (distretti ER)': ['1.541,6', '1.591,1', '+49,5'] }), [level(2024), level(2025), delta]);
    expect(r.failed).toEqual([1, 0, 1]);
    expect(r.failures[0]).toMatch(/printed 1541\.6, its 2 member\(s\) sum to 1551\.7 .*members above their subtotal/);
  });

  it('members short of a subtotal fail when the table prints every member the registry knows', () => {
    const r = check(casa({ ...good, 'Sistema casa (distretti ER)': ['1.561,6', '1.591,1', '+29,5'] }), [level(2024), level(2025), delta]);
    expect(r.failed).toEqual([1, 0, 1]);
    expect(r.failures[0]).toMatch(/every member the registry knows is printed/);
  });

  it('members short of a subtotal that counts a district the table leaves out: a warning, not a refusal', () => {
    const part = casa({ 'Piastrelle di Sassuolo': ['1.250,4', '1.301,2'], 'Sistema casa (distretti ER)': ['1.551,6', '1.591,1'] }, ['Piastrelle di Sassuolo', 'Sistema casa (distretti ER)']);
    const r = check(part, [level(2024), level(2025)]);
    expect(r.failed).toEqual([0, 0]);
    expect(r.warnings.map((w) => w.kind)).toEqual(['subtotal-includes-unlisted', 'subtotal-includes-unlisted']);
    expect(r.warnings[0]?.message).toMatch(/its 1 listed member\(s\) sum to 1250\.4 .*Mobili imbottiti di Forlì/);
  });

  it('a member printed "n.d." (a district that joined this year) is in the subtotal: nothing to report, no proof', () => {
    const r = check(casa({ ...good, 'Mobili imbottiti di Forlì': ['', '289,9', ''] }), [level(2024), level(2025), delta]);
    expect([r.passed, r.failed, r.warnings]).toEqual([[0, 1, 0], [0, 0, 0], []]);
  });

  it('a table split across pages is one table for its sums; a second table of the same districts is not', () => {
    const first = casa(good, [CASA[0]!]);
    const second = casa(good, [CASA[1]!, 'Sistema casa (distretti ER)']);
    expect(check(second, [level(2024), level(2025), delta], [first, second]).passed).toEqual([1, 1, 1]);
    const again = casa(good);
    // the same rows again (e.g. the half-year table): its sums stand alone and still hold
    expect(check(again, [level(2024), level(2025), delta], [casa(good), again]).passed).toEqual([1, 1, 1]);
  });

  it('one member equal to its subtotal proves nothing (any column adds up that way)', () => {
    const rows = casa({ 'Piastrelle di Sassuolo': ['+1,2'], 'Sistema casa (distretti ER)': ['+1,2'] }, ['Piastrelle di Sassuolo', 'Sistema casa (distretti ER)']).rows;
    const groups = subtotalGroups([{ kind: 'distretti', rows }], EMILIA_ROMAGNA.entities.filter((e) => e.name !== CASA[1]))[0]!;
    expect(checkSubtotals([level(2025)], rows, groups).passed).toEqual([0]);
  });
});

describe('subtotals in whole releases', () => {
  for (const [name, layout] of Object.entries(SUBTOTALS_ONLY)) {
    it(`${name}: level columns no change can check, read exactly because the subtotals hold`, async () => {
      const data = corpusRelease(layout.release);
      const o = await classify(await renderLayoutPdf(layout), expectedFigures(data, layout.table), data);
      expect(describeOutcome(o)).toBe('exact');
    });
  }

  it('row labels joined to the wrong numbers across sectors: every row agrees with itself, the subtotals refuse it', async () => {
    // each swapped row's own yoy and difference still follow from its levels: without the sums the
    // food-machinery figures would be stored as Rimini's clothing, and the reverse
    const bytes = await renderFixturePdf({ swapLabels: ['Food machinery di Parma', 'Abbigliamento di Rimini'] });
    const err = await extractRelease(bytes, OPTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LayoutDriftError);
    const findings = (err as LayoutDriftError).findings.filter((f) => f.kind === 'subtotal-mismatch');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.found).join(' ')).toMatch(/"Totale (?:Meccanica|Sistema moda)" in "[^"]+": printed [\d.-]+, its \d member\(s\) sum to [\d.-]+ \(expected within/);
  });

  it('the unswapped fixture reads with no subtotal finding or warning', async () => {
    const r = await extractRelease(await renderFixturePdf(), OPTS);
    expect((r.warnings ?? []).filter((w) => w.kind.startsWith('subtotal'))).toEqual([]);
  });
});
