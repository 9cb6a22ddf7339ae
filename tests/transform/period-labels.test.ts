import { describe, expect, it } from 'vitest';
import { periodCode } from '../../src/domain/period.ts';
import { findPeriodLabels, parsePeriodLabel } from '../../src/transform/period-labels.ts';

const code = (label: string, year?: number): string | null => {
  const p = parsePeriodLabel(label, year === undefined ? {} : { year });
  return p ? periodCode(p) : null;
};

describe('parsePeriodLabel', () => {
  it.each([
    ['1° trim. 2025', '2025Q1'],
    ['1° trimestre 2025', '2025Q1'],
    ['1° trimestre del 2025', '2025Q1'],
    ['1°trim.2025', '2025Q1'],
    ['2º trim. 2024', '2024Q2'],
    ['I trim. 2025', '2025Q1'],
    ['III trimestre 2023', '2023Q3'],
    ['IV trim. 2019', '2019Q4'],
    ['primo trimestre 2025', '2025Q1'],
    ['Quarto trimestre 2021', '2021Q4'],
    ['Q2 2022', '2022Q2'],
    ["2° trim. '20", '2020Q2'],
    ['1° sem. 2025', '2025M01-06'],
    ['1° semestre 2025', '2025M01-06'],
    ['I sem. 2020', '2020M01-06'],
    ['primo semestre 2021', '2021M01-06'],
    ['2° semestre 2021', '2021M07-12'],
    ['gen.-set. 2025', '2025M01-09'],
    ['gen.–set. 2025', '2025M01-09'],
    ['gennaio-settembre 2025', '2025M01-09'],
    ['Gennaio - Giugno 2024', '2024M01-06'],
    ['gen.-giu. 2024', '2024M01-06'],
    ['primi nove mesi 2023', '2023M01-09'],
    ['gen.-dic. 2023', '2023'],
    ['2025', '2025'],
    ['anno 2024', '2024'],
    ['Anno 2024', '2024'],
    ['1° trim. 2025¹', '2025Q1'],
    ['1° trim. 2025 (1)', '2025Q1'],
  ])('%s → %s', (label, want) => {
    expect(code(label)).toBe(want);
  });

  it.each([
    ['1° trim.', 2024, '2024Q1'],
    ['1° trimestre', 2025, '2025Q1'],
    ['I sem.', 2020, '2020M01-06'],
    ['gen.-set.', 2022, '2022M01-09'],
    ['4° trim. 2019', 2030, '2019Q4'], // a printed year wins over context
  ])('%s with context year %d → %s', (label, year, want) => {
    expect(code(label, year)).toBe(want);
  });

  it.each([
    ['1° trim.', undefined],
    ['Milioni di euro', undefined],
    ['Var. %', undefined],
    ['5° trim. 2025', undefined],
    ['3° sem. 2025', undefined],
    ['set.-gen. 2025', undefined],
    ['Differenza 2025', undefined],
    ['4.878', undefined],
    ['1° trim. 2025 e 2° trim. 2025', undefined],
  ])('%j is not one period label', (label, year) => {
    expect(code(label, year)).toBeNull();
  });
});

describe('findPeriodLabels', () => {
  it('finds every label in a heading with its year or null', () => {
    const got = findPeriodLabels('Var. % 1° trim. 2025 e gen.-set. vs 2019');
    expect(got.map((m) => [m.text, m.year, m.span.firstMonth, m.span.lastMonth, m.yearOnly])).toEqual([
      ['1° trim. 2025', 2025, 1, 3, false],
      ['gen.-set.', null, 1, 9, false],
      ['2019', 2019, 1, 12, true],
    ]);
  });
  it('does not read digits inside numbers as years', () => {
    expect(findPeriodLabels('4.878 20.700,8 12025')).toEqual([]);
  });
});
