import { createHash } from 'node:crypto';
import type { EntityKind } from '../../domain/metric.ts';
import { periodCode, quarterOf, type Period } from '../../domain/period.ts';
import { membersAt, regionRegistry, type RegionRegistry } from '../../domain/registry/index.ts';
import type { EntityDef } from '../../domain/registry/types.ts';
import type { ExtractedFigure, ExtractedRelease, LayoutFingerprint } from '../../domain/release.ts';
import { createNameResolver } from '../../transform/names.ts';
import { parseItalianNumber } from '../../transform/numbers.ts';
import { findPeriodLabels } from '../../transform/period-labels.ts';
import { readColumn, type ColumnReading } from './columns.ts';
import { checkConsistency } from './consistency.ts';
import { LayoutDriftError, type DriftFinding } from './errors/layout-drift-error.ts';
import { UnknownEntityError } from './errors/unknown-entity-error.ts';
import { compareFingerprint } from './fingerprint.ts';
import { buildLines } from './lines.ts';
import { loadPdfText } from './load.ts';
import { readPrintedMeta, readSections } from './meta.ts';
import { nearMatches } from './near-matches.ts';
import { assembleRows, isGenericTotal, type TableRow } from './rows.ts';
import { splitSidebar } from './sidebar.ts';
import { findTables, type TableGeometry } from './tables.ts';

/** Options of {@link extractRelease}. */
export interface ExtractOptions {
  /** Series id from the source adapter, e.g. 'monitor-distretti-emilia-romagna'. */
  readonly series: string;
  /** Region id of the entity registry, e.g. 'emilia-romagna'. */
  readonly region: string;
  /** SHA-256 of the bytes if the caller already has it (the raw store key); computed otherwise. */
  readonly documentSha256?: string;
  /** Fingerprint of the previous release of the series, to catch a sudden loss of entities. */
  readonly previous?: LayoutFingerprint;
  /**
   * The entity registry to read row labels with. @defaultValue `regionRegistry(region)`.
   * Passed in so an operator's alias fix (or a test) takes effect without a code change here.
   */
  readonly registry?: RegionRegistry;
}

/** Placeholder for a generic "Totale" row until the table's kind is known. */
const GENERIC_TOTAL: EntityDef = {
  name: 'Totale',
  slug: '__generic-total__',
  kind: 'aggregato',
  sector: 'Totale',
  region: '',
  aliases: [],
};

const TABLE_KIND_OF: Readonly<Record<EntityKind, string | null>> = { distretto: 'distretti', polo: 'poli', aggregato: null };

interface ReadTable {
  readonly geometry: TableGeometry;
  readonly id: string;
  readonly kind: string;
  readonly heading: string;
  readonly columns: readonly { label: string; reading: ColumnReading }[];
  readonly rows: readonly (TableRow & { entity: EntityDef })[];
}

const stripContinued = (caption: string): string => caption.replace(/\s*\((?:segue|continua|cont\.)\)\s*$/i, '').trim();

/** The period span/year a caption states ("… nel 1° trimestre 2025"), used for columns that lack one. */
function captionContext(caption: string | null): { span?: { firstMonth: number; lastMonth: number }; year?: number } {
  const labels = caption ? findPeriodLabels(caption) : [];
  const span = labels.find((l) => !l.yearOnly)?.span;
  const year = labels.find((l) => l.year !== null)?.year ?? undefined;
  return { ...(span ? { span } : {}), ...(year !== undefined && year !== null ? { year } : {}) };
}

/**
 * A table continued on the next page without its heading repeated: when a headless table has the
 * same columns (same right edges) as the last headed one, it inherits that heading and caption.
 */
function continueHeading(table: TableGeometry, last: TableGeometry | undefined): TableGeometry {
  if (table.headerLines.length > 0 || !last || last.columns.length !== table.columns.length) return table;
  const aligned = table.columns.every((c, i) => Math.abs(c.x1 - (last.columns[i]?.x1 ?? Infinity)) <= 2);
  if (!aligned) return table;
  return {
    ...table,
    caption: table.caption ?? last.caption,
    columns: table.columns.map((c, i) => ({ ...c, parts: last.columns[i]?.parts ?? [] })),
  };
}

/**
 * Reads one release PDF: every figure of the districts and hubs tables with its provenance, the
 * release metadata and a layout fingerprint.
 *
 * @throws PdfUnreadableError (`EXTRACT_PDF_UNREADABLE`) when the bytes are not a complete PDF
 * @throws LayoutDriftError (`EXTRACT_LAYOUT_DRIFT`) when a table is missing, a column heading is not
 *   understood, values contradict their headings, or entities are missing
 * @throws UnknownEntityError (`EXTRACT_UNKNOWN_ENTITY`) when a row names an entity the registry lacks
 * @example
 * const release = await extractRelease(bytes, { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' });
 * release.figures.filter((f) => f.entity === 'Biomedicale di Mirandola');
 */
export async function extractRelease(bytes: Uint8Array, opts: ExtractOptions): Promise<ExtractedRelease> {
  const sha = opts.documentSha256 ?? createHash('sha256').update(bytes).digest('hex');
  const registry = opts.registry ?? regionRegistry(opts.region);
  const resolver = createNameResolver(registry);
  const resolve = (label: string): EntityDef | undefined => resolver.resolve(label) ?? (isGenericTotal(label) ? GENERIC_TOTAL : undefined);

  const pageTexts = await loadPdfText(bytes, sha);
  const pages = pageTexts.map((p) => ({ page: p.page, ...splitSidebar(buildLines(p), p.width) }));
  const findings: DriftFinding[] = [];
  const unknown: { label: string; page: number; table: string }[] = [];

  // --- tables -------------------------------------------------------------------------------
  const tables: ReadTable[] = [];
  let otherCount = 0;
  let lastHeaded: TableGeometry | undefined;
  for (const p of pages) {
    for (const found of findTables(p.main)) {
      const geometry = continueHeading(found, lastHeaded);
      if (geometry.headerLines.length > 0 && found === geometry) lastHeaded = geometry;
      const rows = assembleRows(geometry.body, resolve);
      const kinds = new Set(rows.map((r) => (r.entity ? TABLE_KIND_OF[r.entity.kind] : null)).filter((k): k is string => k !== null));
      const aggregatesOnly = rows.some((r) => r.entity) && kinds.size === 0;
      if (aggregatesOnly) for (const r of rows) if (r.entity?.aggregates) kinds.add(r.entity.aggregates === "poli" ? "poli" : "distretti");
      const kind = kinds.size === 1 ? [...kinds][0]! : kinds.size > 1 ? 'misto' : aggregatesOnly ? 'aggregati' : `altro${++otherCount}`;
      const id = `p${geometry.page}-${kind}`;
      if (!rows.some((r) => r.entity)) {
        // a table that names no entity (e.g. exports by country) is outside what we load
        tables.push({ geometry, id, kind, heading: stripContinued(geometry.caption ?? ''), columns: [], rows: [] });
        continue;
      }
      const ctx = captionContext(geometry.caption);
      const columns = geometry.columns.map((c) => ({ label: c.parts.join(' | '), reading: readColumn(c.parts, ctx) }));
      columns.forEach((c, ci) => {
        if (!c.reading.ok) {
          findings.push({
            kind: 'column-not-understood',
            expected: 'a heading naming a metric (Milioni di euro, Var. %, Differenza, vs 2019) and a period',
            found: `"${c.label || '(no heading)'}": ${c.reading.reason}`,
            page: geometry.page,
            table: id,
            column: c.label || `#${ci + 1}`,
          });
        }
      });
      const seen = new Map<string, string>();
      columns.forEach((c) => {
        if (!c.reading.ok) return;
        const key = `${c.reading.metric} ${periodCode(c.reading.period)}`;
        const other = seen.get(key);
        if (other !== undefined) {
          findings.push({ kind: 'duplicate-column', expected: `one column for ${key}`, found: `"${other}" and "${c.label}"`, page: geometry.page, table: id, column: c.label });
        }
        seen.set(key, c.label);
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
          const total = registry.entities.find((e) => e.kind === 'aggregato' && e.aggregates === kind);
          if (!total) {
            unknown.push({ label: r.rawLabel, page: geometry.page, table: id });
            continue;
          }
          entity = total;
        }
        resolved.push({ ...r, entity });
      }
      tables.push({ geometry, id, kind, heading: stripContinued(geometry.caption ?? ''), columns, rows: resolved });
    }
  }

  // --- figures ------------------------------------------------------------------------------
  const figures: ExtractedFigure[] = [];
  const byKey = new Map<string, ExtractedFigure>();
  for (const t of tables) {
    for (const row of t.rows) {
      row.numbers.cells.forEach((cell, ci) => {
        const col = t.columns[ci];
        if (!cell || !col?.reading.ok) return;
        const value = parseItalianNumber(cell.text);
        if (value === null) return;
        const figure: ExtractedFigure = {
          entity: row.entity.name,
          kind: row.entity.kind,
          period: col.reading.period,
          metric: col.reading.metric,
          value,
          ...(row.footnotes.length ? { footnotes: row.footnotes } : {}),
          provenance: {
            documentSha256: sha,
            page: t.geometry.page,
            x: cell.x0,
            y: cell.y,
            tableId: t.id,
            rowLabel: row.rawLabel,
            columnLabel: col.label,
            rawText: cell.text,
          },
        };
        const key = `${figure.entity}|${figure.metric}|${periodCode(figure.period)}`;
        const prev = byKey.get(key);
        if (prev) {
          if (prev.value !== value) {
            findings.push({
              kind: 'conflicting-values',
              expected: `one value for ${key}`,
              found: `${prev.provenance.rawText} (${prev.provenance.tableId}) and ${cell.text} (${t.id})`,
              page: t.geometry.page,
              table: t.id,
            });
          }
          return;
        }
        byKey.set(key, figure);
        figures.push(figure);
      });
    }
  }

  // --- metadata -----------------------------------------------------------------------------
  const printed = readPrintedMeta(pages);
  const quarters = figures.map((f) => f.period).filter((p) => quarterOf(p) !== null);
  const latest = quarters.reduce<Period | null>((best, p) => (!best || p.year * 12 + p.lastMonth > best.year * 12 + best.lastMonth ? p : best), null);
  const referenceYear = latest?.year ?? 0;
  const referenceQuarter = latest ? (quarterOf(latest) ?? 0) : 0;

  // --- fingerprint and drift ----------------------------------------------------------------
  const entityTables = new Map<string, { heading: string; columns: string[]; entities: Set<string> }>();
  for (const t of tables) {
    if (t.rows.length === 0) continue;
    const entry = entityTables.get(t.kind) ?? { heading: t.heading, columns: t.columns.map((c) => c.label), entities: new Set<string>() };
    t.rows.forEach((r) => entry.entities.add(r.entity.name));
    entityTables.set(t.kind, entry);
  }
  const fingerprint: LayoutFingerprint = {
    pageCount: pages.length,
    sections: readSections(pages),
    tables: [...entityTables.entries()].map(([id, e]) => ({ id, heading: e.heading, columns: e.columns, entityCount: e.entities.size })),
  };
  findings.push(...compareFingerprint(fingerprint, opts.previous));
  if (latest) {
    const found = new Set(figures.map((f) => f.entity));
    const missing = membersAt(registry, referenceYear, referenceQuarter).filter((e) => e.kind !== 'aggregato' && !found.has(e.name));
    if (missing.length && findings.every((f) => f.kind !== 'table-missing')) {
      findings.push({
        kind: 'entity-count',
        expected: `every member of ${registry.label} for ${referenceYear}Q${referenceQuarter}`,
        found: `missing ${missing.map((e) => e.name).join(', ')}`,
      });
    }
  } else if (findings.length === 0) {
    findings.push({ kind: 'no-quarter', expected: 'at least one single-quarter column', found: 'none' });
  }
  if (findings.length === 0) findings.push(...checkConsistency(figures));
  for (const [what, value] of [
    ['cover title', printed.title],
    ['cover month and year', printed.coverYear],
  ] as const) {
    if (value === null) findings.push({ kind: 'meta-missing', expected: `the ${what} on page 1`, found: 'nothing recognisable' });
  }

  // An unknown row label also shows up as a "missing member" (the row was not read as
  // that member): report the label itself, which is what the operator must act on
  // (an alias to add), unless the layout is off in other ways too.
  const first = unknown[0];
  if (findings.some((f) => f.kind !== 'entity-count') || (findings.length && !first)) {
    throw new LayoutDriftError(findings, { documentSha256: sha });
  }
  if (first) {
    throw new UnknownEntityError(first.label, nearMatches(first.label, resolver), {
      documentSha256: sha,
      page: first.page,
      table: first.table,
      otherUnknown: unknown.slice(1).map((u) => u.label),
    });
  }

  return {
    documentSha256: sha,
    meta: {
      series: opts.series,
      region: opts.region,
      title: printed.title ?? '',
      coverMonth: printed.coverMonth ?? 0,
      coverYear: printed.coverYear ?? 0,
      noteNumber: printed.noteNumber,
      dataCutoff: printed.dataCutoff,
      referenceYear,
      referenceQuarter,
      department: printed.department,
    },
    figures,
    fingerprint,
  };
}
