import fc from 'fast-check';
import type { LayoutChoice } from './build-layout.ts';

/**
 * Random release layouts for the property test: wording, column order, header structure and
 * alignment (centred, left-aligned, off-centre group headings), offsets, wrapped names, minus
 * signs, "%" suffixes, tables split across pages with or without a repeated heading, labelled bar
 * charts just above the table, footnotes, a sidebar, and now and then a balance, share or imports
 * column beside the exports. Every draw is a table a person reads
 * without hesitation (see build-layout.ts), so a refusal is a defect to report, not a pass.
 */
export const layoutChoice: fc.Arbitrary<LayoutChoice> = fc
  .record({
    release: fc.constantFrom('er-2025Q1' as const, 'er-2025Q2' as const, 'er-2024Q3' as const),
    structure: fc.constantFrom('stacked' as const, 'metric-groups' as const, 'period-groups' as const, 'year-groups' as const, 'caption-period' as const, 'block-groups' as const),
    cumulative: fc.boolean(),
    cumulativeFirst: fc.boolean(),
    newerFirst: fc.boolean(),
    changesFirst: fc.boolean(),
    withDelta: fc.boolean(),
    words: fc.record({ level: fc.nat(5), short: fc.nat(3), yoy: fc.nat(5), delta: fc.nat(4), period: fc.nat(4) }),
    align: fc.constantFrom('center' as const, 'left' as const),
    dx: fc.integer({ min: -24, max: 24 }),
    rules: fc.boolean(),
    minus: fc.constantFrom('-' as const, '\u2212' as const),
    pctSuffix: fc.boolean(),
    noThousands: fc.boolean(),
    labelX: fc.integer({ min: 36, max: 90 }),
    labelWidth: fc.integer({ min: 85, max: 170 }),
    colWidth: fc.integer({ min: 44, max: 70 }),
    fontSize: fc.constantFrom(7, 7.5, 8),
    numbersOn: fc.constantFrom('first' as const, 'last' as const),
    cellAlign: fc.constantFrom('right' as const, 'right' as const, 'right' as const, 'center' as const),
    // not tighter: a wrapped name must stay clearly apart from the next row
    rowPitch: fc.constantFrom(1.6, 1.75, 2, 2.3),
    noLabelHeading: fc.boolean(),
    chart: fc.constantFrom('none' as const, 'none' as const, 'hbars' as const, 'vbars' as const),
    splitAfter: fc.option(fc.integer({ min: 6, max: 20 }), { nil: undefined }),
    repeatHeader: fc.boolean(),
    footnotes: fc.boolean(),
    sidebar: fc.boolean(),
    // one layout in four also prints a column that is not exports: it must never be read as exports
    foreign: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 3 },
      { arbitrary: fc.constantFrom('saldo' as const, 'quota' as const, 'import' as const), weight: 1 },
    ),
  })
  // a left-aligned heading starts at its span's left edge: shift it only inwards, a little
  // (the renderer keeps every shifted heading inside its span)
  .map((c) => ({ ...c, dx: c.align === 'left' ? Math.abs(c.dx) / 4 : c.dx }));
