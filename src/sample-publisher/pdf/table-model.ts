import { cumulativeToQuarter, periodCode, quarterPeriod } from '../../domain/period.ts';
import type { EntityDef, RegionRegistry, Sector } from '../../domain/registry/index.ts';
import { membersAt } from '../../domain/registry/index.ts';
import type { SampleReleaseInfo } from '../types.ts';
import { lookup, type FigureIndex } from './figure-index.ts';
import { formatChange, formatLevel, NOT_AVAILABLE } from './format.ts';
import type { ColumnHeading, ColumnKey, HeadingContext, LayoutSpec, Span } from './layouts/index.ts';

/** Sector order of the districts table (the monitor's order). */
export const SECTOR_ORDER: readonly Sector[] = ['Meccanica', 'Agro-alimentare', 'Sistema moda', 'Sistema casa'];

/** The drifted variant's renamed % heading (see LAYOUTS.md, "variant drifted"). */
export const DRIFTED_YOY_HEADING = 'Tasso di variazione';

export interface TableColumn {
  readonly key: ColumnKey;
  readonly heading: ColumnHeading;
}

export type RowStyle = 'member' | 'sector' | 'total';

export interface TableRow {
  /** Canonical registry name of the row's entity. */
  readonly entity: string;
  /** Name as printed (without the footnote marker). */
  readonly label: string;
  readonly marker?: string;
  readonly style: RowStyle;
  /** Members under a leading sector row are indented. */
  readonly indent: boolean;
  /** One printed cell per column. */
  readonly cells: readonly string[];
}

export interface TableModel {
  readonly id: 'distretti' | 'poli';
  readonly caption: string;
  readonly nameHeader: string;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly TableRow[];
  readonly footnotes: readonly string[];
}

/** What a table builder needs to know. */
export interface TableInput {
  readonly info: SampleReleaseInfo;
  readonly spec: LayoutSpec;
  readonly registry: RegionRegistry;
  readonly figures: FigureIndex;
  readonly drifted: boolean;
}

/** Q1 releases report the quarter only; later quarters add the cumulative span. */
export function spansOf(refQuarter: number): Span[] {
  return refQuarter === 1 ? ['quarter'] : ['quarter', 'cumulative'];
}

/** The period code a column's figures carry. */
export function periodOfColumn(col: ColumnKey, refYear: number, refQuarter: number): string {
  const year = col.year === 'prev' ? refYear - 1 : refYear;
  return periodCode(col.span === 'quarter' ? quarterPeriod(year, refQuarter) : cumulativeToQuarter(year, refQuarter));
}

/** The label a layout prints for a span of a given year. */
export function spanLabel(spec: LayoutSpec, refQuarter: 1 | 2 | 3 | 4, span: Span, year: number): string {
  if (span === 'quarter' || refQuarter === 1) return spec.quarterLabel(year, refQuarter);
  return spec.cumulativeLabel(year, refQuarter);
}

function keysOfSlot(slot: LayoutSpec['slots'][number], span: Span): ColumnKey[] {
  switch (slot) {
    case 'level-prev':
      return [{ metric: 'exports_meur', span, year: 'prev' }];
    case 'level-cur':
      return [{ metric: 'exports_meur', span, year: 'cur' }];
    case 'yoy':
      return [{ metric: 'yoy_pct', span, year: 'cur' }];
    case 'delta':
      return [{ metric: 'delta_meur', span, year: 'cur' }];
    case 'vs2019':
      return [{ metric: 'vs2019_pct', span, year: 'cur' }];
  }
}

/** Slot families for metric-major order: both levels stay together (quarter prev, cur, then cumulative). */
function familyOf(slot: LayoutSpec['slots'][number]): string {
  return slot.startsWith('level') ? 'level' : slot;
}

/** The numeric columns of a release in the layout's order (drift adds the share column). */
export function buildColumnKeys(spec: LayoutSpec, refQuarter: number, drifted: boolean): ColumnKey[] {
  const spans = spansOf(refQuarter);
  const keys: ColumnKey[] = [];
  if (spec.order === 'period-major') {
    for (const span of spans) for (const slot of spec.slots) keys.push(...keysOfSlot(slot, span));
  } else {
    const families = [...new Set(spec.slots.map(familyOf))];
    for (const fam of families) {
      for (const span of spans) {
        for (const slot of spec.slots.filter((s) => familyOf(s) === fam)) keys.push(...keysOfSlot(slot, span));
      }
    }
  }
  if (!drifted) return keys;
  const at = keys.findIndex((k) => k.metric === 'exports_meur' && k.span === 'quarter' && k.year === 'cur');
  keys.splice(at + 1, 0, { metric: 'share_pct', span: 'quarter', year: 'cur' });
  return keys;
}

function driftHeading(h: ColumnHeading, key: ColumnKey): ColumnHeading {
  if (key.metric !== 'yoy_pct') return h;
  const rename = (s: string): string => (s.startsWith('Var. %') ? DRIFTED_YOY_HEADING : s);
  return { group: rename(h.group), sub: rename(h.sub) };
}

export function buildColumns(spec: LayoutSpec, info: SampleReleaseInfo, drifted: boolean): TableColumn[] {
  const ctx: HeadingContext = {
    refYear: info.refYear,
    refQuarter: info.refQuarter,
    spanLabel: (span, year) => spanLabel(spec, info.refQuarter, span, year),
  };
  return buildColumnKeys(spec, info.refQuarter, drifted).map((key) => {
    const heading = spec.heading(key, ctx);
    return { key, heading: drifted ? driftHeading(heading, key) : heading };
  });
}

function formatCell(input: TableInput, entity: string, col: ColumnKey, shareBase: number | undefined): string {
  const { info, spec, figures } = input;
  if (col.metric === 'share_pct') {
    const own = lookup(figures, entity, periodOfColumn({ ...col, metric: 'exports_meur' }, info.refYear, info.refQuarter), 'exports_meur');
    if (own === undefined || !shareBase) return NOT_AVAILABLE;
    return formatLevel((own / shareBase) * 100, spec.minus);
  }
  const value = lookup(figures, entity, periodOfColumn(col, info.refYear, info.refQuarter), col.metric);
  if (value === undefined) return NOT_AVAILABLE;
  return col.metric === 'exports_meur' ? formatLevel(value, spec.minus) : formatChange(value, spec.minus);
}

function aggregateFor(registry: RegionRegistry, what: EntityDef['aggregates']): EntityDef {
  const e = registry.entities.find((x) => x.kind === 'aggregato' && x.aggregates === what);
  if (!e) throw new RangeError(`registry ${registry.region} has no aggregate for "${String(what)}"`);
  return e;
}

function rowOf(input: TableInput, columns: readonly TableColumn[], e: EntityDef, label: string, style: RowStyle, indent: boolean, shareBase: number | undefined): TableRow {
  const marker = e.dataSource === 'ACIMAC' ? input.spec.footnoteMarker : undefined;
  const cells = columns.map((c) => formatCell(input, e.name, c.key, shareBase));
  return marker ? { entity: e.name, label, marker, style, indent, cells } : { entity: e.name, label, style, indent, cells };
}

/** Table 1: member districts by sector with subtotal rows, then the districts' total. */
export function buildDistrictsTable(input: TableInput): TableModel {
  const { info, spec, registry } = input;
  const columns = buildColumns(spec, info, input.drifted);
  const members = membersAt(registry, info.refYear, info.refQuarter).filter((e) => e.kind === 'distretto');
  const total = aggregateFor(registry, 'distretti');
  const shareBase = lookup(input.figures, total.name, periodCode(quarterPeriod(info.refYear, info.refQuarter)), 'exports_meur');
  const rows: TableRow[] = [];
  const leading = spec.subtotalPosition === 'before';
  for (const sector of SECTOR_ORDER) {
    const inSector = members.filter((e) => e.sector === sector);
    if (inSector.length === 0) continue;
    const subtotal = rowOf(input, columns, aggregateFor(registry, sector), spec.sectorLabel(sector), 'sector', false, shareBase);
    if (leading) rows.push(subtotal);
    for (const e of inSector) rows.push(rowOf(input, columns, e, spec.rowName(e, info.refYear), 'member', leading, shareBase));
    if (!leading) rows.push(subtotal);
  }
  rows.push(rowOf(input, columns, total, spec.totalDistrictsLabel, 'total', false, shareBase));
  const footnotes = rows.some((r) => r.marker)
    ? [`${spec.footnoteMarker} Dati ACIMAC (associazione dei costruttori di macchine per ceramica), non ISTAT.`]
    : [];
  return {
    id: 'distretti',
    caption: "Tab. 1 – Export dei distretti tradizionali dell'Emilia-Romagna",
    nameHeader: 'Distretto',
    columns,
    rows,
    footnotes,
  };
}

/** Table 2: the tech hubs and their total. */
export function buildHubsTable(input: TableInput): TableModel {
  const { info, spec, registry } = input;
  const columns = buildColumns(spec, info, input.drifted);
  const total = aggregateFor(registry, 'poli');
  const shareBase = lookup(input.figures, total.name, periodCode(quarterPeriod(info.refYear, info.refQuarter)), 'exports_meur');
  const hubs = membersAt(registry, info.refYear, info.refQuarter).filter((e) => e.kind === 'polo');
  const rows = hubs.map((e) => rowOf(input, columns, e, spec.rowName(e, info.refYear), 'member', false, shareBase));
  rows.push(rowOf(input, columns, total, spec.totalHubsLabel, 'total', false, shareBase));
  return {
    id: 'poli',
    caption: "Tab. 2 – Export dei poli tecnologici dell'Emilia-Romagna",
    nameHeader: 'Polo tecnologico',
    columns,
    rows,
    footnotes: [],
  };
}
