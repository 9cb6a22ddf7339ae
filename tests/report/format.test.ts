import { describe, expect, it } from 'vitest';
import { formatDate, formatLevel, formatNumber, formatPct, formatPoints, quarterLong, quarterShort } from '../../src/report/format.ts';
import { nextExpectedRelease } from '../../src/domain/release-calendar.ts';
import { canonicalJson } from '../../src/report/get-or-render.ts';
import { normalizeSvgIds, compactSvg } from '../../src/report/charts.ts';

describe('number formatting per language', () => {
  it.each([
    [1234.5, 'it', 1, '1.234,5'],
    [1234.5, 'en', 1, '1,234.5'],
    [4878, 'it', 0, '4.878'],
    [20700.8, 'it', 1, '20.700,8'],
    [-3.9, 'it', 1, '\u22123,9'],
    [-0.04, 'en', 1, '0.0'],
    [1234567.25, 'en', 2, '1,234,567.25'],
  ] as const)('formatNumber(%s, %s, %s) = %s', (v, lang, d, want) => {
    expect(formatNumber(v, lang, d)).toBe(want);
  });

  it('prints levels exactly as stored: whole numbers without decimals', () => {
    expect(formatLevel(162, 'it')).toBe('162');
    expect(formatLevel(135.1, 'it')).toBe('135,1');
    expect(formatLevel(5449.1, 'en')).toBe('5,449.1');
    expect(formatLevel(null, 'en')).toBe('–');
  });

  it('signs percentages explicitly and uses the true minus', () => {
    expect(formatPct(19.9, 'it')).toBe('+19,9%');
    expect(formatPct(-19.1, 'en')).toBe('\u221219.1%');
    expect(formatPct(0, 'en')).toBe('0.0%');
    expect(formatPoints(16.9, 'it')).toBe('+16,9 p.p.');
    expect(formatPoints(-2, 'en')).toBe('\u22122.0 pp');
  });

  it('names quarters and dates per language', () => {
    expect(quarterShort(2025, 1, 'it')).toBe('1° trim. 2025');
    expect(quarterShort(2025, 1, 'en')).toBe('Q1 2025');
    expect(quarterLong(2024, 4, 'en')).toBe('fourth quarter of 2024');
    expect(formatDate('2025-06-10', 'it')).toBe('10.06.2025');
    expect(formatDate('2025-06-10', 'en')).toBe('10 Jun 2025');
  });
});

describe('next expected release window (publisher calendar)', () => {
  it.each([
    [2025, 1, { refYear: 2025, refQuarter: 2, from: { year: 2025, month: 10 }, to: { year: 2025, month: 11 } }],
    [2025, 2, { refYear: 2025, refQuarter: 3, from: { year: 2026, month: 1 }, to: { year: 2026, month: 2 } }],
    [2025, 3, { refYear: 2025, refQuarter: 4, from: { year: 2026, month: 4 }, to: { year: 2026, month: 7 } }],
    [2024, 4, { refYear: 2025, refQuarter: 1, from: { year: 2025, month: 6 }, to: { year: 2025, month: 8 } }],
  ])('after a note on %sQ%s', (y, q, want) => {
    expect(nextExpectedRelease(y, q)).toEqual(want);
  });
});

describe('helpers', () => {
  it('canonicalJson sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
  it('renumbers Vega clip ids in order of appearance', () => {
    const svg = '<clipPath id="clip7"/><g clip-path="url(#clip7)"/><clipPath id="clip9"/><g clip-path="url(#clip9)"/>';
    expect(normalizeSvgIds(svg)).toBe('<clipPath id="d1"/><g clip-path="url(#d1)"/><clipPath id="d2"/><g clip-path="url(#d2)"/>');
    expect(compactSvg('<g class="x" role="graphics" aria-label="y" fill="red"/>')).toBe('<g fill="red"/>');
  });
});
