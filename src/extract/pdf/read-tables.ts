import type { EntityKind } from '../../domain/metric.ts';
import type { ExtractWarning } from '../../domain/release.ts';
import type { RegionRegistry } from '../../domain/registry/index.ts';
import type { EntityDef } from '../../domain/registry/types.ts';
import type { Vocabulary } from '../../domain/vocabulary/index.ts';
import type { NameResolver } from '../../transform/names.ts';
import { findPeriodLabels } from '../../transform/period-labels.ts';
import { columnReport, REPORT_ROWS, type TableReport } from './drift-report.ts';
import type { DriftFinding } from './errors/layout-drift-error.ts';
import { headingAssignments } from './meaning/blocks.ts';
import { chooseReading } from './meaning/choose.ts';
import type { ReferenceWindow } from './meaning/reference.ts';
import { subtotalGroups } from './meaning/subtotals.ts';
import type { CaptionFacts, ColumnMeaning } from './meaning/types.ts';
import { assembleRows, isGenericTotal, type TableRow } from './rows.ts';
import { findTables, type TableGeometry } from './tables.ts';
import type { Line } from './types.ts';

/**
 * Every table of the release, read: geometry (./tables.ts), rows resolved to entities (./rows.ts),
 * and the columns' meaning chosen from the whole table and proven by its numbers (./meaning).
 */

export interface ReadTable {
  readonly page: number;
  readonly id: string;
  readonly kind: string;
  readonly heading: string;
  readonly columns: readonly ColumnMeaning[];
  readonly rows: readonly (TableRow & { entity: EntityDef })[];
}

export interface ReadTables {
  readonly tables: readonly ReadTable[];
  readonly findings: readonly DriftFinding[];
  readonly unknown: readonly { label: string; page: number; table: string }[];
  /** Every entity table as read, for the drift report. */
  readonly reports: readonly TableReport[];
  /** Remarks that do not stop the load (a subtotal that may count districts the table leaves out). */
  readonly warnings: readonly ExtractWarning[];
}

/** Placeholder for a generic "Totale" row until the table's kind is known. */
const GENERIC_TOTAL: EntityDef = { name: 'Totale', slug: '__generic-total__', kind: 'aggregato', sector: 'Totale', region: '', aliases: [] };

const TABLE_KIND_OF: Readonly<Record<EntityKind, string | null>> = { distretto: 'distretti', polo: 'poli', aggregato: null };

/** The unit, period span and year a caption states for every column ("… (milioni di euro), primi nove mesi del 2024"). */
export function captionFacts(caption: string | null, vocab: Vocabulary): CaptionFacts {
  const text = caption ?? '';
  const labels = findPeriodLabels(vocab.withoutBaseYear(text), vocab.profile.periods);
  const span = labels.find((l) => !l.yearOnly)?.span;
  const year = labels.find((l) => l.year !== null)?.year ?? undefined;
  const units = vocab.unitsOf(text);
  return { text, level: units.level, pct: units.pct, ...(span ? { span } : {}), ...(year !== undefined && year !== null ? { year } : {}) };
}

/**
 * A table continued on the next page without its heading repeated: when a headless table has the
 * same columns (same right edges, or overlapping ranges) as the last headed one, it inherits that
 * heading and caption.
 */
function continueHeading(table: TableGeometry, last: TableGeometry | undefined): TableGeometry {
  if (table.headerLines.length > 0 || !last || last.columns.length !== table.columns.length) return table;
  // right-aligned numbers share their right edge; centred or left-aligned ones only overlap (a
  // page of narrower numbers is narrower)
  const aligned = table.columns.every((c, i) => {
    const l = last.columns[i];
    if (!l) return false;
    const shared = Math.min(c.x1, l.x1) - Math.max(c.x0, l.x0);
    return Math.abs(c.x1 - l.x1) <= 2 || shared >= 0.5 * Math.min(c.x1 - c.x0, l.x1 - l.x0);
  });
  if (!aligned) return table;
  return { ...table, caption: table.caption ?? last.caption, headingRows: last.headingRows, headingLines: last.headingLines, overLabels: last.overLabels, boxes: last.boxes };
}

export function readTables(
  pages: readonly { page: number; main: readonly Line[] }[],
  deps: { registry: RegionRegistry; resolver: NameResolver; vocab: Vocabulary; window: ReferenceWindow | null },
): ReadTables {
  const { registry, resolver, vocab, window } = deps;
  const resolve = (label: string): EntityDef | undefined => resolver.resolve(label) ?? (isGenericTotal(label) ? GENERIC_TOTAL : undefined);
  const tables: ReadTable[] = [];
  const findings: DriftFinding[] = [];
  const unknown: { label: string; page: number; table: string }[] = [];
  const reports: TableReport[] = [];
  const warnings: ExtractWarning[] = [];
  let otherCount = 0;
  let lastHeaded: TableGeometry | undefined;
  // every table's rows first: a subtotal's members may continue on the next page (./meaning/subtotals.ts)
  const found: { geometry: TableGeometry; rows: TableRow[]; kind: string }[] = [];
  for (const p of pages) {
    for (const table of findTables(p.main, vocab)) {
      const geometry = continueHeading(table, lastHeaded);
      if (geometry.headerLines.length > 0 && table === geometry) lastHeaded = geometry;
      const rows = assembleRows(geometry.body, resolve);
      const kinds = new Set(rows.map((r) => (r.entity ? TABLE_KIND_OF[r.entity.kind] : null)).filter((k): k is string => k !== null));
      const aggregatesOnly = rows.some((r) => r.entity) && kinds.size === 0;
      if (aggregatesOnly) for (const r of rows) if (r.entity?.aggregates) kinds.add(r.entity.aggregates === 'poli' ? 'poli' : 'distretti');
      const kind = kinds.size === 1 ? [...kinds][0]! : kinds.size > 1 ? 'misto' : aggregatesOnly ? 'aggregati' : `altro${++otherCount}`;
      found.push({ geometry, rows, kind });
    }
  }
  const withEntities = found.filter((t) => t.rows.some((r) => r.entity));
  const groups = subtotalGroups(
    withEntities.map((t) => ({
      kind: t.kind,
      rows: t.rows.map((r) => ({ label: r.label, entity: r.entity === GENERIC_TOTAL ? totalOf(registry, t.kind) : r.entity, cells: r.numbers.cells })),
    })),
    registry.entities,
  );
  for (const { geometry, rows, kind } of found) {
    const id = `p${geometry.page}-${kind}`;
    const heading = vocab.stripContinued(geometry.caption ?? '');
    if (!rows.some((r) => r.entity)) {
      // a table that names no entity (e.g. exports by country) is outside what we load
      tables.push({ page: geometry.page, id, kind, heading, columns: [], rows: [] });
      continue;
    }
    const reading = chooseReading(
      [
        () => headingAssignments(geometry.headingRows, geometry.boxes),
        // a group heading set close above a wrapped sub-heading: read one printed line per row
        () => (geometry.headingLines.length > geometry.headingRows.length ? headingAssignments(geometry.headingLines, geometry.boxes) : []),
      ],
      captionFacts([geometry.caption ?? '', ...geometry.overLabels].join(' ').trim() || null, vocab),
      rows.map((r) => ({ label: r.label, cells: r.numbers.cells })),
      window,
      vocab,
      { page: geometry.page, table: id },
      groups[withEntities.findIndex((t) => t.rows === rows)] ?? [],
    );
    findings.push(...reading.findings);
    warnings.push(...reading.sums.warnings.map((w) => ({ ...w, page: geometry.page })));
    reports.push({
      page: geometry.page,
      table: id,
      caption: geometry.caption ?? '',
      columns: reading.meanings.map((m, i) => columnReport(m, {
          passed: (reading.arithmetic.passed[i] ?? 0) + (reading.sums.passed[i] ?? 0),
          failed: (reading.arithmetic.failed[i] ?? 0) + (reading.sums.failed[i] ?? 0),
        })),
      rows: rows.slice(0, REPORT_ROWS).map((r) => ({ label: r.rawLabel, cells: r.numbers.cells.map((c) => c?.text ?? '') })),
      tried: reading.tried,
      held: reading.held,
    });
    const resolved: (TableRow & { entity: EntityDef })[] = [];
    for (const r of rows) {
      for (const s of r.numbers.strays) {
        findings.push({ kind: 'cell-not-a-number', expected: 'a number or n.d. under each heading', found: `"${s.text}" in row "${r.label}"`, page: geometry.page, table: id });
      }
      if (!r.entity) {
        unknown.push({ label: r.rawLabel, page: geometry.page, table: id });
        continue;
      }
      let entity = r.entity;
      if (entity === GENERIC_TOTAL) {
        const total = totalOf(registry, kind);
        if (!total) {
          unknown.push({ label: r.rawLabel, page: geometry.page, table: id });
          continue;
        }
        entity = total;
      }
      resolved.push({ ...r, entity });
    }
    tables.push({ page: geometry.page, id, kind, heading, columns: reading.meanings, rows: resolved });
  }
  return { tables, findings, unknown, reports, warnings };
}

/** The aggregate a generic "Totale" row stands for in a table of this kind. */
function totalOf(registry: RegionRegistry, kind: string): EntityDef | undefined {
  return registry.entities.find((e) => e.kind === 'aggregato' && e.aggregates === kind);
}
