import type { Metric } from '../../../domain/metric.ts';
import type { EntityDef, Sector } from '../../../domain/registry/index.ts';
import type { MinusSign } from '../format.ts';

/** Which period a column belongs to: the reference quarter or the cumulative span ending with it. */
export type Span = 'quarter' | 'cumulative';

/**
 * One numeric column of a release table. `share_pct` exists only in the drifted variant
 * (an unknown column a careful extractor must refuse).
 */
export interface ColumnKey {
  readonly metric: Metric | 'share_pct';
  readonly span: Span;
  /** Levels are printed for the previous and the current year; changes are always 'cur'. */
  readonly year: 'prev' | 'cur';
}

/** A column slot in a layout's order, before it is expanded over the release's spans. */
export type ColumnSlot = 'level-prev' | 'level-cur' | 'yoy' | 'delta' | 'vs2019';

/** What the header of one column says: its group (merged with equal neighbours) and sub-header. */
export interface ColumnHeading {
  /** "\n" marks a forced line break in the printed heading (read it as a space). */
  readonly group: string;
  readonly sub: string;
}

/** Everything a heading needs to know about the release. */
export interface HeadingContext {
  readonly refYear: number;
  readonly refQuarter: 1 | 2 | 3 | 4;
  /** Label of the column's span as printed ("1° trim. 2025", "gen.-set. 2025", …). */
  readonly spanLabel: (span: Span, year: number) => string;
}

/**
 * How one layout id draws a release (see LAYOUTS.md, generated from these specs).
 * Adding a layout is adding one file that exports a LayoutSpec.
 */
export interface LayoutSpec {
  readonly id: string;
  /** "1° trim. 2025" / "I trim. 2025" / "1° trimestre 2025". */
  readonly quarterLabel: (year: number, quarter: number) => string;
  /** Label of the cumulative span ending with quarter 2, 3 or 4 (Q4 = the full year). */
  readonly cumulativeLabel: (year: number, quarter: 2 | 3 | 4) => string;
  readonly minus: MinusSign;
  /**
   * 'metric-major': all levels (quarter then cumulative), then the next slot family…
   * 'period-major': one block per span with the slots in order.
   */
  readonly order: 'metric-major' | 'period-major';
  readonly slots: readonly ColumnSlot[];
  readonly heading: (col: ColumnKey, ctx: HeadingContext) => ColumnHeading;
  /** Sector subtotal row placed before (as a group heading carrying numbers) or after its members. */
  readonly subtotalPosition: 'before' | 'after';
  readonly sectorLabel: (sector: Sector) => string;
  readonly totalDistrictsLabel: string;
  readonly totalHubsLabel: string;
  /** Row name as printed (a registry name or alias). */
  readonly rowName: (entity: EntityDef, refYear: number) => string;
  /** On a wrapped row, the line that carries the numbers. */
  readonly numbersOn: 'first' | 'last';
  readonly footnoteMarker: string;
  /** Appended to a table caption on its continuation page. */
  readonly continuedSuffix: string;
  /** Whether page 2 carries an "Indice" (table of contents) under the summary. */
  readonly tableOfContents: boolean;
  /** Width of the name column in points (decides which names wrap). */
  readonly nameColumnWidth: number;
}
