import { describe, expect, it } from 'vitest';
import type { Metric } from '../../src/domain/metric.ts';
import { parsePeriodCode, periodCode } from '../../src/domain/period.ts';
import type { ExtractedFigure } from '../../src/domain/release.ts';
import { deriveQuarters } from '../../src/transform/derive.ts';

const fig = (entity: string, period: string, metric: Metric, value: number): ExtractedFigure => ({
  entity,
  kind: 'polo',
  period: parsePeriodCode(period),
  metric,
  value,
  provenance: { documentSha256: 'x'.repeat(64), page: 3, x: 1, y: 1, tableId: 't', rowLabel: entity, columnLabel: period, rawText: String(value) },
});

const M = 'Biomedicale di Mirandola';
const B = 'Biomedicale di Bologna';
const derived = (fs: ExtractedFigure[]) => deriveQuarters(fs).map((d) => `${d.entity}|${periodCode(d.period)}|${d.metric}=${d.value}|${d.from.join('-')}`);

describe('deriveQuarters (within one release)', () => {
  it.each<{ name: string; figures: ExtractedFigure[]; expected: string[] }>([
    {
      name: 'Q2 = H1 − Q1',
      figures: [fig(M, '2025M01-06', 'exports_meur', 300.4), fig(M, '2025Q1', 'exports_meur', 140.1)],
      expected: [`${M}|2025Q2|exports_meur=160.3|2025M01-06-2025Q1`],
    },
    {
      name: 'Q3 = Jan–Sep − H1',
      figures: [fig(M, '2024M01-09', 'exports_meur', 450), fig(M, '2024M01-06', 'exports_meur', 310.2)],
      expected: [`${M}|2024Q3|exports_meur=139.8|2024M01-09-2024M01-06`],
    },
    {
      name: 'Q4 = year − Jan–Sep',
      figures: [fig(M, '2022', 'exports_meur', 479), fig(M, '2022M01-09', 'exports_meur', 361.3)],
      expected: [`${M}|2022Q4|exports_meur=117.7|2022-2022M01-09`],
    },
    {
      name: '€M changes are additive too',
      figures: [fig(M, '2025M01-06', 'delta_meur', 12.5), fig(M, '2025Q1', 'delta_meur', 20.1)],
      expected: [`${M}|2025Q2|delta_meur=-7.6|2025M01-06-2025Q1`],
    },
    {
      name: 'not when the quarter is printed',
      figures: [fig(M, '2025M01-06', 'exports_meur', 300.4), fig(M, '2025Q1', 'exports_meur', 140.1), fig(M, '2025Q2', 'exports_meur', 160)],
      expected: [],
    },
    {
      name: 'not when one part is missing (H1 alone)',
      figures: [fig(M, '2025M01-06', 'exports_meur', 300.4), fig(M, '2025Q2', 'yoy_pct', 3)],
      expected: [],
    },
    {
      name: 'not for a % change (not additive)',
      figures: [fig(M, '2025M01-06', 'yoy_pct', 5), fig(M, '2025Q1', 'yoy_pct', 4)],
      expected: [],
    },
    {
      name: 'not across entities or years',
      figures: [fig(M, '2025M01-06', 'exports_meur', 300), fig(B, '2025Q1', 'exports_meur', 140), fig(M, '2024Q1', 'exports_meur', 120)],
      expected: [],
    },
    {
      name: 'both years of a Q2 release, each entity on its own',
      figures: [
        fig(M, '2025M01-06', 'exports_meur', 300.4),
        fig(M, '2025Q1', 'exports_meur', 140.1),
        fig(M, '2024M01-06', 'exports_meur', 280),
        fig(M, '2024Q1', 'exports_meur', 130.05),
        fig(B, '2025M01-06', 'exports_meur', 50),
        fig(B, '2025Q1', 'exports_meur', 20.2),
      ],
      expected: [
        `${M}|2025Q2|exports_meur=160.3|2025M01-06-2025Q1`,
        `${M}|2024Q2|exports_meur=150|2024M01-06-2024Q1`,
        `${B}|2025Q2|exports_meur=29.8|2025M01-06-2025Q1`,
      ],
    },
    {
      name: 'a repeated figure counts once (first value)',
      figures: [fig(M, '2025M01-06', 'exports_meur', 300), fig(M, '2025M01-06', 'exports_meur', 300), fig(M, '2025Q1', 'exports_meur', 100)],
      expected: [`${M}|2025Q2|exports_meur=200|2025M01-06-2025Q1`],
    },
  ])('$name', ({ figures, expected }) => {
    expect(derived(figures)).toEqual(expected);
  });

  it('marks results derived and keeps the kind', () => {
    const [d] = deriveQuarters([fig(M, '2025M01-06', 'exports_meur', 300.4), fig(M, '2025Q1', 'exports_meur', 140.1)]);
    expect(d).toMatchObject({ derived: true, kind: 'polo', period: { year: 2025, firstMonth: 4, lastMonth: 6 } });
  });
});
