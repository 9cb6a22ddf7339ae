import { describe, expect, it } from 'vitest';
import { periodCode } from '../../src/domain/period.ts';
import { MONITOR_DISTRETTI, vocabulary, type VocabularyProfile } from '../../src/domain/vocabulary/index.ts';
import { parsePeriodLabel } from '../../src/transform/period-labels.ts';

/** Issue 9: heading wordings are data, in one module, selectable per publisher profile. */

const v = vocabulary();

describe('metric wordings (monitor-distretti profile)', () => {
  it.each([
    ['Milioni di euro', 'exports_meur'],
    ['Esportazioni (milioni di euro)', 'exports_meur'],
    ['Export, mln €', 'exports_meur'],
    ['Var. %', 'yoy_pct'],
    ['Var. % a/a', 'yoy_pct'],
    ['Variazione tendenziale %', 'yoy_pct'],
    ['Var. % annua', 'yoy_pct'],
    ['Differenza (mln €)', 'delta_meur'],
    ['Var. assoluta (mln €)', 'delta_meur'],
    ['Diff. mln €', 'delta_meur'],
    ['Var. % vs 2019', 'vs2019_pct'],
    ['Variazione % rispetto al 2019', 'vs2019_pct'],
    ['Tasso di variazione', null],
  ])('"%s" → %s', (text, metric) => {
    expect(v.metricOf(text)).toBe(metric);
  });
});

describe('never-exports wordings are never read as exports', () => {
  it.each([
    ['Saldo (mln €)', 'saldo'],
    ['Quota % export', 'share'],
    ['Quota % sul totale', 'share'],
    ['Importazioni (milioni di euro)', 'imports'],
    ['Prezzi alla produzione', 'prices'],
    ['Occupati (migliaia)', 'employment'],
    ['Export (miliardi di euro)', 'billions'],
  ])('"%s" names %s', (text, what) => {
    expect(v.neverExports(text)).toContain(what);
  });

  it('lets export wordings through', () => {
    for (const t of ['Export (mln €)', 'Esportazioni', 'Var. % tendenziale', 'Differenza (milioni di euro)']) expect(v.neverExports(t), t).toBeNull();
  });
});

describe('period labels from the profile', () => {
  it.each([
    ['primi nove mesi del 2024', '2024M01-09'],
    ['Primi sei mesi 2025', '2025M01-06'],
    ['gen.-set. 2024', '2024M01-09'],
    ['gen.-giu. 2025', '2025M01-06'],
    ['1° sem. 2025', '2025M01-06'],
    ['III trim. 2024', '2024Q3'],
    ['Terzo trimestre 2024', '2024Q3'],
    ['2024', '2024'],
    ['anno 2024', '2024'],
  ])('"%s" → %s', (label, code) => {
    const p = parsePeriodLabel(label);
    expect(p && periodCode(p)).toBe(code);
  });

  it('reads a label without a year from context', () => {
    const p = parsePeriodLabel('gen.-set.', { year: 2024 });
    expect(p && periodCode(p)).toBe('2024M01-09');
  });
});

describe('captions, chart captions and table ends', () => {
  it('tells a table caption from a chart caption and finds the end of a table', () => {
    expect(v.isCaption('Tab. 1 – Export dei distretti')).toBe(true);
    expect(v.isChartCaption('Tab. 1 – Export dei distretti')).toBe(false);
    expect(v.isChartCaption('Fig. 2 – Export per settore')).toBe(true);
    expect(v.isEndOfTable('Fonte: elaborazioni su dati ISTAT')).toBe(true);
    expect(v.stripContinued('Tab. 1 – Export (segue)')).toBe('Tab. 1 – Export');
    expect(v.unitsOf('Tab. 1 – Export (milioni di euro)')).toEqual({ level: true, pct: false });
  });
});

describe('a profile is data: a new wording is a data change', () => {
  it('a profile with one more wording reads a heading the default does not', () => {
    const extended: VocabularyProfile = {
      ...MONITOR_DISTRETTI,
      id: 'test-extended',
      metrics: MONITOR_DISTRETTI.metrics.map((m) => (m.metric === 'yoy_pct' ? { ...m, patterns: [...m.patterns, String.raw`\btasso\s+di\s+variazione\s+annuo\b`] } : m)),
    };
    expect(v.metricOf('Tasso di variazione annuo')).toBeNull();
    expect(vocabulary(extended).metricOf('Tasso di variazione annuo')).toBe('yoy_pct');
  });

  it('an unknown profile id is refused with the known ones', () => {
    expect(() => vocabulary('no-such-profile')).toThrow(/known: monitor-distretti/);
  });
});
