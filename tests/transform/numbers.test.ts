import { describe, expect, it } from 'vitest';
import { isNumericCell, parseItalianNumber, parseProseAmountMeur } from '../../src/transform/numbers.ts';

describe('parseItalianNumber', () => {
  it.each([
    ['4.878', 4878],
    ['20.700,8', 20700.8],
    ['1.234.567,25', 1234567.25],
    ['+6,4', 6.4],
    ['+6,4%', 6.4],
    ['-3,9', -3.9],
    ['-3,9%', -3.9],
    ['\u22123,9', -3.9],
    ['\u2013 12,0', -12],
    ['0,0', 0],
    ['-0,0', 0],
    ['162', 162],
    ['131,0', 131],
    [' 1.234,5 ', 1234.5],
    ['1\u00a0234', null as unknown as number], // a space is not a thousands separator here
  ])('%s → %s', (raw, want) => {
    if (want === null) {
      expect(() => parseItalianNumber(raw)).toThrow(RangeError);
      return;
    }
    const got = parseItalianNumber(raw);
    expect(got).toBe(want);
    expect(Object.is(got, -0)).toBe(false);
  });

  it.each(['n.d.', 'n.d', 'N.D.', '-', '–', '—', '\u2212', ''])('empty cell %j → null', (raw) => {
    expect(parseItalianNumber(raw)).toBeNull();
    expect(isNumericCell(raw) || raw === '').toBe(true);
  });

  it.each(['abc', '4,878,1', '12.34', '1.2345', '+', '2019 vs', 'Totale'])('rejects %j', (raw) => {
    expect(() => parseItalianNumber(raw)).toThrow(RangeError);
    expect(isNumericCell(raw)).toBe(false);
  });
});

describe('parseProseAmountMeur', () => {
  it.each([
    ['le esportazioni hanno raggiunto 17,5 miliardi di euro', 17500],
    ['un miliardo', null],
    ['export pari a 162 milioni', 162],
    ['circa 1,2 mld.', 1200],
    ['nessun importo', null],
  ])('%s → %s', (text, want) => {
    expect(parseProseAmountMeur(text)).toBe(want);
  });
});
