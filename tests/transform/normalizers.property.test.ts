import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import { createNameResolver, normalizeName } from '../../src/transform/names.ts';
import { parseItalianNumber } from '../../src/transform/numbers.ts';
import { parsePeriodLabel } from '../../src/transform/period-labels.ts';

/**
 * Property tests (fast-check) of the normalizers every figure passes through (issue 12): valid
 * forms generated from a model parse back to the model; any string never crashes them; near misses
 * never parse to a wrong value or entity. Runs are seeded by fast-check and print their seed on failure.
 */
const RUNS = 2000;
const tally = { properties: 0, cases: 0 };
function check<T>(arb: fc.Arbitrary<T>, prop: (v: T) => void, numRuns = RUNS): void {
  // prop returns nothing: a `false` from an assertion chain must not read as a failed property
  fc.assert(
    fc.property(arb, (v) => {
      prop(v);
    }),
    { numRuns },
  );
  tally.properties++;
  tally.cases += numRuns;
}
afterAll(() => console.log(`normalizer properties: ${tally.properties} properties, ${tally.cases} generated cases, all held`));

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');

describe('Italian numbers', () => {
  const model = fc.record({
    sign: fc.constantFrom('', '+', '-', '\u2212', '\u2013'),
    int: fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }),
    decimals: fc.option(fc.stringMatching(/^\d{1,3}$/), { nil: undefined }),
    grouped: fc.boolean(),
    percent: fc.boolean(),
    pad: fc.constantFrom('', ' ', '\u00a0', '\u202f'),
  });

  it('format → parse gives the modelled value back', () => {
    check(model, (m) => {
      const digits = m.int.toString();
      const text = `${m.pad}${m.sign}${m.grouped ? group(digits) : digits}${m.decimals !== undefined ? `,${m.decimals}` : ''}${m.percent ? '%' : ''}${m.pad}`;
      const magnitude = Number(m.decimals !== undefined ? `${digits}.${m.decimals}` : digits);
      const negative = m.sign !== '' && m.sign !== '+';
      const want = magnitude === 0 ? 0 : negative ? -magnitude : magnitude;
      expect(parseItalianNumber(text)).toBe(want);
    });
  });

  it('any string: a finite number, null, or a RangeError — nothing else', () => {
    check(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[\d.,+\-−–% ]{0,30}$/)), (s) => {
      try {
        const v = parseItalianNumber(s);
        if (v !== null) expect(Number.isFinite(v)).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(RangeError);
      }
    });
  });

  it('never reads an English or malformed number as some other value', () => {
    // "1234.5", "12.34", "1,234.5", "1.23,4", "12.3456": not Italian notation, must be refused
    const wrong = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.stringMatching(/^(\d{1,2}|\d{4,6})$/)).map(([i, d]) => `${i}.${d}`),
      fc.tuple(fc.integer({ min: 1, max: 999 }), fc.stringMatching(/^\d{3}$/), fc.stringMatching(/^\d{1,2}$/)).map(([a, b, c]) => `${a},${b}.${c}`),
      fc.tuple(fc.integer({ min: 1, max: 999 }), fc.stringMatching(/^\d{1,2}$/), fc.stringMatching(/^\d$/)).map(([a, b, c]) => `${a}.${b},${c}`),
    );
    check(wrong, (s) => expect(() => parseItalianNumber(s)).toThrow(RangeError));
  });

  it('refuses digits beyond what a double holds instead of loading Infinity', () => {
    check(fc.integer({ min: 310, max: 2000 }), (n) => expect(() => parseItalianNumber('9'.repeat(n))).toThrow(RangeError), 50);
  });
});

describe('period labels', () => {
  const MONTH_ABBR = ['gen', 'feb', 'mar', 'apr', 'mag', 'giu', 'lug', 'ago', 'set', 'ott', 'nov', 'dic'];
  const MONTH_FULL = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'];
  const ROMAN = ['I', 'II', 'III', 'IV'];
  const ORD = ['primo', 'secondo', 'terzo', 'quarto'];
  const year = fc.integer({ min: 1990, max: 2039 });

  /** A period and one way the monitor may print it. */
  const labelled = fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 4 }), year, fc.integer({ min: 0, max: 4 })).map(([q, y, form]) => ({
      want: { year: y, firstMonth: q * 3 - 2, lastMonth: q * 3 },
      text: [`${q}° trim. ${y}`, `${q}° trimestre ${y}`, `${ROMAN[q - 1]} trim. ${y}`, `${ORD[q - 1]} trimestre ${y}`, `Q${q} ${y}`][form]!,
    })),
    fc.tuple(fc.integer({ min: 1, max: 2 }), year, fc.boolean()).map(([h, y, num]) => ({
      want: { year: y, firstMonth: h * 6 - 5, lastMonth: h * 6 },
      text: num ? `${h}° sem. ${y}` : `${h === 1 ? 'primo' : 'secondo'} semestre ${y}`,
    })),
    fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), year, fc.boolean()).map(([a, b, y, full]) => {
      const [m1, m2] = a <= b ? [a, b] : [b, a];
      const names = full ? MONTH_FULL : MONTH_ABBR.map((n) => `${n}.`);
      return { want: { year: y, firstMonth: m1, lastMonth: m2 }, text: `${names[m1 - 1]}-${names[m2 - 1]} ${y}` };
    }),
    year.map((y) => ({ want: { year: y, firstMonth: 1, lastMonth: 12 }, text: `${y}` })),
  );

  it('every modelled label parses to its period', () => {
    check(labelled, ({ text, want }) => expect(parsePeriodLabel(text), text).toEqual(want));
  });

  it('the same labels with a footnote marker or padding still parse to the period', () => {
    check(fc.tuple(labelled, fc.constantFrom(' (1)', '*', '¹', ' ', ':')), ([{ text, want }, tail]) => expect(parsePeriodLabel(`${text}${tail}`), text).toEqual(want));
  });

  it('any string: null or a well-formed period, never a crash', () => {
    check(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[\dIVQH°a-z.\- ']{0,30}$/)), (s) => {
      const p = parsePeriodLabel(s);
      if (p === null) return;
      expect(Number.isInteger(p.year)).toBe(true);
      expect(p.firstMonth).toBeGreaterThanOrEqual(1);
      expect(p.lastMonth).toBeLessThanOrEqual(12);
      expect(p.firstMonth).toBeLessThanOrEqual(p.lastMonth);
    });
  });
});

describe('entity names', () => {
  const resolver = createNameResolver(EMILIA_ROMAGNA);
  const spellings = EMILIA_ROMAGNA.entities.flatMap((e) => [e.name, ...e.aliases].map((s) => ({ entity: e, spelling: s })));

  /** Ways a printed label differs from the registry spelling without naming anything else. */
  const variant = fc.record({
    pick: fc.integer({ min: 0, max: spellings.length - 1 }),
    caseMode: fc.constantFrom('same', 'upper', 'lower'),
    stripAccents: fc.boolean(),
    curly: fc.boolean(),
    spaces: fc.constantFrom(' ', '  ', '\u00a0', ' \n'),
    marker: fc.constantFrom('', ' (1)', '¹', '*', ' '),
    pad: fc.constantFrom('', ' ', '\t'),
  });

  it('aliases, accents, case, apostrophes, whitespace and footnote markers resolve to the right entity', () => {
    check(variant, (v) => {
      const { entity, spelling } = spellings[v.pick]!;
      let s = v.caseMode === 'upper' ? spelling.toUpperCase() : v.caseMode === 'lower' ? spelling.toLowerCase() : spelling;
      if (v.stripAccents) s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      if (v.curly) s = s.replace(/'/g, '\u2019');
      s = `${v.pad}${s.replace(/ /g, v.spaces)}${v.marker}${v.pad}`;
      expect(resolver.resolve(s)?.slug, JSON.stringify(s)).toBe(entity.slug);
    });
  });

  it('never guesses: a label resolves only to an entity having that exact normalised spelling', () => {
    // near misses: a spelling cut short, a word dropped, or two spellings spliced
    const nearMiss = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: spellings.length - 1 }), fc.nat()).map(([i, n]) => spellings[i]!.spelling.slice(0, n % (spellings[i]!.spelling.length + 1))),
      fc.tuple(fc.integer({ min: 0, max: spellings.length - 1 }), fc.nat()).map(([i, n]) => {
        const w = spellings[i]!.spelling.split(' ');
        w.splice(n % w.length, 1);
        return w.join(' ');
      }),
      fc.tuple(fc.integer({ min: 0, max: spellings.length - 1 }), fc.integer({ min: 0, max: spellings.length - 1 })).map(
        ([a, b]) => `${spellings[a]!.spelling.split(' ')[0]} ${spellings[b]!.spelling.split(' ').slice(1).join(' ')}`,
      ),
      fc.string(),
    );
    check(nearMiss, (s) => {
      const e = resolver.resolve(s);
      if (!e) return;
      expect([e.name, ...e.aliases].map(normalizeName)).toContain(normalizeName(s));
    });
  });
});
