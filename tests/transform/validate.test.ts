import { describe, expect, it } from 'vitest';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import { quarterPeriod } from '../../src/domain/period.ts';
import type { ExtractedRelease } from '../../src/domain/release.ts';
import {
  isScaleFlip,
  sumTolerance,
  validateRelease,
  yoyBounds,
  type Finding,
  type PreviousVintage,
} from '../../src/transform/validate/index.ts';
import { buildRelease, setValue, shiftLevelConsistently, valueOf, withFigures } from '../db/fixtures.ts';

const MIR = 'Biomedicale di Mirandola';
const SALUMI = 'Salumi di Parma';
const base = buildRelease({ year: 2024, quarter: 1 });
const ctx = { registry: EMILIA_ROMAGNA };

/** rule → severity of every finding, sorted, for exact comparisons. */
const summary = (fs: Finding[]): string[] => fs.map((f) => `${f.rule}:${f.severity}`).sort();

/** The whole release as the previous vintage printed it (same values). */
const asPrevious = (r: ExtractedRelease, releaseId = 7): PreviousVintage => ({
  releaseId,
  figures: r.figures.map((f) => ({ entity: f.entity, period: f.period, metric: f.metric, value: f.value })),
});

describe('validateRelease: clean releases', () => {
  it.each([
    [2018, 1],
    [2019, 4],
    [2020, 1], // Meccatronica joins
    [2021, 4], // last quarter with ceramic machinery (ACIMAC)
    [2022, 1], // 19 districts again
    [2024, 2],
    [2025, 2],
  ] as const)('%i Q%i (with cumulative periods) has no findings', (year, quarter) => {
    const r = buildRelease({ year, quarter, cumulative: true, printQ1: true });
    expect(validateRelease(r, ctx)).toEqual([]);
  });

  it('accepts an alias instead of the canonical name', () => {
    const r = withFigures(base, (fs) => fs.map((f) => (f.entity === MIR ? { ...f, entity: 'Biomedicale Mirandola' } : f)));
    expect(validateRelease(r, ctx)).toEqual([]);
  });

  it('accepts an equal duplicate (the same figure printed twice)', () => {
    const r = withFigures(base, (fs) => [...fs, fs[0]!]);
    expect(validateRelease(r, ctx)).toEqual([]);
  });
});

// Each case breaks one thing and lists exactly the findings it must produce.
const cases: Array<{ name: string; release: () => ExtractedRelease; previous?: () => PreviousVintage; expected: string[] }> = [
  {
    name: 'yoy % off by 0.3 points',
    release: () => setValue(base, MIR, '2024Q1', 'yoy_pct', valueOf(base, MIR, '2024Q1', 'yoy_pct') + 0.3),
    expected: ['yoy-vs-levels:error'],
  },
  {
    name: 'yoy % sign lost ("-3,9" read as 3.9)',
    release: () => setValue(base, SALUMI, '2024Q1', 'yoy_pct', -valueOf(base, SALUMI, '2024Q1', 'yoy_pct') || 7),
    expected: ['yoy-vs-levels:error'],
  },
  {
    name: 'delta €M off by 0.2',
    release: () => setValue(base, MIR, '2024Q1', 'delta_meur', valueOf(base, MIR, '2024Q1', 'delta_meur') + 0.2),
    expected: ['delta-vs-levels:error'],
  },
  {
    name: 'a hub level moved (its own yoy/delta consistent): only the hubs total disagrees',
    release: () => shiftLevelConsistently(base, MIR, '2024Q1', '2023Q1', 2),
    expected: ['hubs-total:error'],
  },
  {
    name: 'a sector subtotal moved: only that subtotal disagrees',
    release: () => shiftLevelConsistently(base, 'Sistema moda (distretti ER)', '2024Q1', '2023Q1', 1),
    expected: ['sector-subtotal:error'],
  },
  {
    name: 'the regional total moved: only the total disagrees',
    release: () => shiftLevelConsistently(base, 'Totale distretti Emilia-Romagna', '2024Q1', '2023Q1', -3),
    expected: ['regional-total:error'],
  },
  {
    name: 'a district level moved by 2 (beyond the 20-member rounding slack of 1.05): its subtotal and the total disagree',
    release: () => shiftLevelConsistently(base, SALUMI, '2024Q1', '2023Q1', 2),
    expected: ['regional-total:error', 'sector-subtotal:error'],
  },
  {
    name: 'a district row lost: membership and both sums',
    release: () => withFigures(base, (fs) => fs.filter((f) => f.entity !== SALUMI)),
    expected: ['membership-missing:error', 'regional-total:error', 'sector-subtotal:error'],
  },
  {
    name: 'ceramic machinery printed after its last quarter (a % only)',
    release: () =>
      withFigures(base, (fs) => [
        ...fs,
        { ...fs[0]!, entity: "Macchine per l'industria ceramica di Modena e Reggio Emilia", kind: 'distretto', metric: 'yoy_pct', value: 3.2 },
      ]),
    expected: ['membership-unexpected:warning'],
  },
  {
    name: 'an entity name no registry spelling matches',
    release: () => withFigures(base, (fs) => [...fs, { ...fs[0]!, entity: 'Distretto inesistente di Nessuno', metric: 'yoy_pct', value: 1 }]),
    expected: ['entity-unknown:error'],
  },
  {
    name: 'a hub extracted with the wrong kind',
    release: () => withFigures(base, (fs) => fs.map((f) => (f.entity === MIR ? { ...f, kind: 'distretto' as const } : f))),
    expected: ['kind-mismatch:warning'],
  },
  {
    name: 'the same figure printed twice with different values',
    release: () =>
      withFigures(base, (fs) => {
        const f = fs.find((x) => x.entity === MIR && x.metric === 'yoy_pct')!;
        return [...fs, { ...f, value: f.value + 1, provenance: { ...f.provenance, page: 5, tableId: 'p5-chart' } }];
      }),
    expected: ['duplicate-conflict:error'],
  },
  {
    name: 'a vs-2019 % beyond ±500',
    release: () => withFigures(base, (fs) => [...fs, { ...fs[0]!, entity: MIR, metric: 'vs2019_pct', value: 612 }]),
    expected: ['value-out-of-range:error'],
  },
  {
    name: 'a negative level (its € change and the sums then disagree too)',
    release: () => setValue(base, MIR, '2023Q1', 'exports_meur', -5),
    expected: ['delta-vs-levels:error', 'hubs-total:error', 'value-out-of-range:error'],
  },
  {
    name: 'a period with month 13',
    release: () => withFigures(base, (fs) => [...fs, { ...fs[0]!, metric: 'vs2019_pct', period: { year: 2024, firstMonth: 13, lastMonth: 13 }, value: 1 }]),
    expected: ['value-out-of-range:error'],
  },
  {
    name: 'previous vintage equal: nothing',
    release: () => base,
    previous: () => asPrevious(base),
    expected: [],
  },
  {
    name: 'previous vintage 5% lower level: a normal revision, nothing',
    release: () => base,
    previous: () => {
      const p = asPrevious(base);
      return { ...p, figures: p.figures.map((f) => (f.entity === MIR && f.metric === 'exports_meur' ? { ...f, value: Math.round(f.value * 0.95 * 10) / 10 } : f)) };
    },
    expected: [],
  },
  {
    name: 'previous vintage 15% lower level: large revision warning',
    release: () => base,
    previous: () => {
      const p = asPrevious(base);
      return { ...p, figures: p.figures.map((f) => (f.entity === MIR && f.metric === 'exports_meur' ? { ...f, value: Math.round(f.value * 0.85 * 10) / 10 } : f)) };
    },
    expected: ['revision-large:warning'],
  },
  {
    name: 'previous vintage yoy 6 points away (period given as a code): large revision warning',
    release: () => base,
    previous: () => ({
      releaseId: 3,
      figures: [{ entity: MIR, period: '2024Q1', metric: 'yoy_pct', value: valueOf(base, MIR, '2024Q1', 'yoy_pct') - 6 }],
    }),
    expected: ['revision-large:warning'],
  },
  {
    name: 'a € change revised by 8 €M on a small level: large revision warning',
    release: () => base,
    previous: () => ({
      releaseId: 3,
      figures: [{ entity: MIR, period: '2024Q1', metric: 'delta_meur', value: valueOf(base, MIR, '2024Q1', 'delta_meur') + 8 }],
    }),
    expected: ['revision-large:warning'],
  },
  {
    name: 'the regional total\'s € change revised by 8 €M: within 10 % of its level, nothing',
    release: () => base,
    previous: () => ({
      releaseId: 3,
      figures: [{ entity: 'Totale distretti Emilia-Romagna', period: '2024Q1', metric: 'delta_meur', value: valueOf(base, 'Totale distretti Emilia-Romagna', '2024Q1', 'delta_meur') + 8 }],
    }),
    expected: [],
  },
  {
    // Mirandola's 2024Q1 change is +2.7 €M in the fixture: 0.0027 → 2.7 is small in €M.
    name: 'a € change near zero moving ×1000 is a (small) revision, not a unit flip',
    release: () => base,
    previous: () => ({
      releaseId: 3,
      figures: [{ entity: MIR, period: '2024Q1', metric: 'delta_meur', value: valueOf(base, MIR, '2024Q1', 'delta_meur') / 1000 }],
    }),
    expected: [],
  },
  {
    name: 'previous vintage in thousands of euro (×1000): scale flip error',
    release: () => base,
    previous: () => ({
      releaseId: 3,
      figures: [{ entity: MIR, period: '2023Q1', metric: 'exports_meur', value: valueOf(base, MIR, '2023Q1', 'exports_meur') * 1000 }],
    }),
    expected: ['scale-flip:error'],
  },
  {
    name: 'this release in billions (÷1000) against the previous vintage: scale flip error',
    release: () => base,
    previous: () => ({
      releaseId: 3,
      figures: [{ entity: 'Piastrelle di Sassuolo', period: quarterPeriod(2023, 1), metric: 'exports_meur', value: valueOf(base, 'Piastrelle di Sassuolo', '2023Q1', 'exports_meur') / 1000 }],
    }),
    expected: ['scale-flip:error'],
  },
];

describe('validateRelease: one rule at a time', () => {
  it.each(cases)('$name', ({ release, previous, expected }) => {
    const findings = validateRelease(release(), { ...ctx, previous: previous?.() });
    expect(summary(findings)).toEqual(expected);
    for (const f of findings) {
      expect(f.count).toBeGreaterThan(0);
      expect(f.samples.length).toBe(Math.min(f.count, 10));
      expect(f.message).toMatch(/\d+ items?$/);
    }
  });
});

describe('validateRelease: reports every failure', () => {
  it('runs every rule and counts every offending item, with samples in context', () => {
    let r = setValue(base, MIR, '2024Q1', 'yoy_pct', 99);
    r = setValue(r, 'Biomedicale di Bologna', '2024Q1', 'yoy_pct', 99);
    r = setValue(r, SALUMI, '2024Q1', 'delta_meur', 999);
    r = withFigures(r, (fs) => [...fs.filter((f) => f.entity !== 'Ortofrutta romagnola'), { ...fs[0]!, entity: 'Boh', metric: 'yoy_pct' }]);
    const previous = { releaseId: 9, figures: [{ entity: MIR, period: '2023Q1', metric: 'exports_meur', value: valueOf(base, MIR, '2023Q1', 'exports_meur') * 1000 }] };
    const findings = validateRelease(r, { ...ctx, previous });
    expect(summary(findings)).toEqual([
      'delta-vs-levels:error',
      'entity-unknown:error',
      'membership-missing:error',
      'regional-total:error',
      'scale-flip:error',
      'sector-subtotal:error',
      'yoy-vs-levels:error',
    ]);
    const yoy = findings.find((f) => f.rule === 'yoy-vs-levels')!;
    expect(yoy.count).toBe(2);
    expect(yoy.samples[0]).toMatchObject({ entity: MIR, period: '2024Q1', metric: 'yoy_pct', value: 99, page: 4, tableId: 'p4-poli', rawText: '+99,0' });
    expect(yoy.samples[0]!.expected).toBeCloseTo(valueOf(base, MIR, '2024Q1', 'yoy_pct'), 1);
    const scale = findings.find((f) => f.rule === 'scale-flip')!;
    expect(scale.samples[0]!.detail).toContain('release 9');
  });

  it('a district moved by less than the sum slack is caught by its own sector subtotal', () => {
    const r = shiftLevelConsistently(base, SALUMI, '2024Q1', '2023Q1', 0.5);
    expect(summary(validateRelease(r, ctx))).toEqual(['sector-subtotal:error']);
  });

  it('caps samples but keeps the count', () => {
    const r = withFigures(base, (fs) => fs.map((f) => (f.metric === 'yoy_pct' ? { ...f, value: f.value + 10 } : f)));
    const f = validateRelease(r, { ...ctx, thresholds: { maxSamples: 3 } }).find((x) => x.rule === 'yoy-vs-levels')!;
    expect(f.count).toBe(base.figures.filter((x) => x.metric === 'yoy_pct').length);
    expect(f.samples).toHaveLength(3);
  });
});

describe('tolerances', () => {
  it.each([
    // cur, prev, printed yoy, ok?
    [100.0, 50.0, 100.0, true],
    [100.0, 50.0, 100.3, true], // (100.05/49.95−1)·100 = 100.30, +0.05 printing
    [100.0, 50.0, 100.4, false],
    [0.4, 0.2, 100.0, true], // tiny bases: rounding alone allows +50 %…+200 %
    [10.1, 10.0, 1.0, true],
    [10.1, 10.0, 2.1, false],
  ])('yoy %f vs %f printed %f → ok=%s', (cur, prev, yoy, ok) => {
    const b = yoyBounds(cur, prev)!;
    expect(yoy >= b.lo - 0.05 - 1e-9 && yoy <= b.hi + 0.05 + 1e-9).toBe(ok);
  });

  it('has no yoy bound when the previous level may be zero', () => {
    expect(yoyBounds(3, 0.05)).toBeNull();
  });

  it.each([
    [1, 0.1],
    [3, 0.2],
    [19, 1.0],
  ])('sum of %i members tolerates %f', (n, tol) => {
    expect(sumTolerance(n)).toBeCloseTo(tol, 10);
  });

  it.each([
    [162000, 162, true],
    [0.162, 162, true],
    [162, 162, false],
    [500, 162, false],
    [16.2, 162, false],
  ])('isScaleFlip(%f, %f) = %s', (cur, prev, flip) => {
    expect(isScaleFlip(cur, prev, 3)).toBe(flip);
  });
});
