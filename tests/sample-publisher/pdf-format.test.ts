import { describe, expect, it } from 'vitest';
import { formatAmountProse, formatChange, formatDateDots, formatLevel, formatPercentProse, monthYear } from '../../src/sample-publisher/pdf/format.ts';
import { CLASSIC } from '../../src/sample-publisher/pdf/layouts/classic.ts';
import { MODERN } from '../../src/sample-publisher/pdf/layouts/modern.ts';
import { PANDEMIC } from '../../src/sample-publisher/pdf/layouts/pandemic.ts';
import type { LayoutSpec } from '../../src/sample-publisher/pdf/layouts/index.ts';
import { buildColumnKeys, buildColumns, periodOfColumn } from '../../src/sample-publisher/pdf/table-model.ts';
import type { SampleReleaseInfo } from '../../src/sample-publisher/types.ts';

describe('Italian number formats', () => {
  it.each([
    [20700.84, '20.700,8'],
    [4878.3, '4.878,3'],
    [131, '131,0'],
    [999.96, '1.000,0'],
    [0.04, '0,0'],
    [1234567.8, '1.234.567,8'],
  ])('formatLevel(%s) = %s', (v, want) => expect(formatLevel(v)).toBe(want));

  it.each([
    [6.4, '-', '+6,4'],
    [-3.9, '-', '-3,9'],
    [-3.9, '\u2212', '\u22123,9'],
    [-1032, '\u2212', '\u22121.032,0'],
    [0, '-', '0,0'],
    [-0.04, '\u2212', '0,0'],
    [0.05, '-', '+0,1'],
  ] as const)('formatChange(%s, %s) = %s', (v, minus, want) => expect(formatChange(v, minus)).toBe(want));

  it('writes prose amounts and percentages', () => {
    expect(formatPercentProse(6.4)).toBe('+6,4%');
    expect(formatPercentProse(-25.5, '\u2212')).toBe('\u221225,5%');
    expect(formatAmountProse(5432.1)).toBe('5,4 miliardi di euro');
    expect(formatAmountProse(17480)).toBe('17,5 miliardi di euro');
    expect(formatAmountProse(612.44)).toBe('612,4 milioni di euro');
  });

  it('formats dates and cover months', () => {
    expect(formatDateDots('2020-09-10')).toBe('10.09.2020');
    expect(() => formatDateDots('10/09/2020')).toThrow(RangeError);
    expect(monthYear(6, 2025)).toBe('Giugno 2025');
    expect(() => monthYear(13, 2025)).toThrow(RangeError);
  });
});

const info = (refYear: number, refQuarter: 1 | 2 | 3 | 4): SampleReleaseInfo => ({
  id: `er-${refYear}Q${refQuarter}`,
  series: 's',
  region: 'emilia-romagna',
  refYear,
  refQuarter,
  coverYear: refYear,
  coverMonth: 10,
  publishedOn: `${refYear}-10-20`,
  dataCutoff: `${refYear}-09-10`,
  noteNumber: 'n. 1',
  department: 'd',
  author: 'a',
  title: 't',
  fileName: 'f.pdf',
  layout: 'x',
});

const describeKeys = (spec: LayoutSpec, y: number, q: 1 | 2 | 3 | 4, drifted = false): string[] =>
  buildColumnKeys(spec, q, drifted).map((k) => `${k.metric}@${periodOfColumn(k, y, q)}`);

describe('column order per layout', () => {
  it('classic is metric-major: levels, then % changes, then differences', () => {
    expect(describeKeys(CLASSIC, 2018, 2)).toEqual([
      'exports_meur@2017Q2',
      'exports_meur@2018Q2',
      'exports_meur@2017M01-06',
      'exports_meur@2018M01-06',
      'yoy_pct@2018Q2',
      'yoy_pct@2018M01-06',
      'delta_meur@2018Q2',
      'delta_meur@2018M01-06',
    ]);
  });

  it('pandemic is period-major with the vs-2019 column before the difference', () => {
    expect(describeKeys(PANDEMIC, 2020, 4)).toEqual([
      'exports_meur@2019Q4',
      'exports_meur@2020Q4',
      'yoy_pct@2020Q4',
      'vs2019_pct@2020Q4',
      'delta_meur@2020Q4',
      'exports_meur@2019',
      'exports_meur@2020',
      'yoy_pct@2020',
      'vs2019_pct@2020',
      'delta_meur@2020',
    ]);
  });

  it('modern puts the difference before the % change; Q1 has no cumulative block', () => {
    expect(describeKeys(MODERN, 2025, 1)).toEqual(['exports_meur@2024Q1', 'exports_meur@2025Q1', 'delta_meur@2025Q1', 'yoy_pct@2025Q1']);
    expect(describeKeys(MODERN, 2024, 3)).toContain('exports_meur@2024M01-09');
  });

  it('the drifted variant inserts the unknown share column after the current level', () => {
    expect(describeKeys(MODERN, 2025, 1, true)).toEqual([
      'exports_meur@2024Q1',
      'exports_meur@2025Q1',
      'share_pct@2025Q1',
      'delta_meur@2025Q1',
      'yoy_pct@2025Q1',
    ]);
  });

  it.each([
    [CLASSIC, 2019, 3, 'gen.-set. 2019', '3° trim. 2019'],
    [PANDEMIC, 2021, 2, 'I sem. 2021', 'II trim. 2021'],
    [MODERN, 2024, 2, 'gennaio-giugno 2024', '2° trimestre 2024'],
    [MODERN, 2024, 4, '2024', '4° trimestre 2024'],
  ] as const)('%s labels %i Q%i spans as "%s" and "%s"', (spec, y, q, cum, quarter) => {
    const headings = buildColumns(spec, info(y, q), false).flatMap((c) => [c.heading.group, c.heading.sub]);
    expect(headings).toContain(cum);
    expect(headings.some((h) => h.includes(quarter))).toBe(true);
  });

  it('renames the % headings in the drifted variant', () => {
    const normal = buildColumns(PANDEMIC, info(2021, 2), false).map((c) => c.heading.sub);
    const drifted = buildColumns(PANDEMIC, info(2021, 2), true).map((c) => c.heading.sub);
    expect(normal).toContain('Var. % tendenziale');
    expect(drifted).not.toContain('Var. % tendenziale');
    expect(drifted).toContain('Tasso di variazione');
    expect(drifted).toContain('Quota % sul totale');
  });
});
