import { createHash } from 'node:crypto';
import { periodCode, quarterOf, type Period } from '../../domain/period.ts';
import { membersAt, regionRegistry, type RegionRegistry } from '../../domain/registry/index.ts';
import type { ExtractedFigure, ExtractedRelease, ExtractWarning, LayoutFingerprint } from '../../domain/release.ts';
import { vocabulary, type VocabularyProfile } from '../../domain/vocabulary/index.ts';
import { createNameResolver } from '../../transform/names.ts';
import { parseItalianNumber } from '../../transform/numbers.ts';
import { checkCompleteness } from './completeness.ts';
import { checkConsistency } from './consistency.ts';
import type { TableReport } from './drift-report.ts';
import { LayoutDriftError, type DriftFinding } from './errors/layout-drift-error.ts';
import { UnknownEntityError } from './errors/unknown-entity-error.ts';
import { compareFingerprint } from './fingerprint.ts';
import { buildLines } from './lines.ts';
import { loadPdfText } from './load.ts';
import { checkNoteNumber } from './meaning/note-number.ts';
import { fitsWindow, referenceWindow } from './meaning/reference.ts';
import { readPrintedMeta, readSections } from './meta.ts';
import { nearMatches } from './near-matches.ts';
import { checkProse } from './prose-check.ts';
import { readTables, type ReadTable } from './read-tables.ts';
import { splitSidebar } from './sidebar.ts';

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
  /**
   * Heading wordings of the publisher (src/domain/vocabulary), by id or as data; the adapter names
   * its profile (`SourceAdapter.vocabulary`). @defaultValue `'monitor-distretti'`
   */
  readonly vocabulary?: string | VocabularyProfile;
}

/**
 * Reads one release PDF: every figure of the districts and hubs tables with its provenance, the
 * release metadata and a layout fingerprint. Each table's column meanings come from the whole
 * table (caption, group headings, sub-headings, position) and are proven by its own arithmetic and
 * by the release's dates; what no reading proves is refused, never guessed.
 *
 * @throws PdfUnreadableError (`EXTRACT_PDF_UNREADABLE`) when the bytes are not a complete PDF
 * @throws LayoutDriftError (`EXTRACT_LAYOUT_DRIFT`) when a table is missing, a column heading is not
 *   understood, no reading of a table is proven (or two are), periods contradict the release's
 *   dates, or entities are missing; its `tables` show each table as read
 * @throws UnknownEntityError (`EXTRACT_UNKNOWN_ENTITY`) when a row names an entity the registry lacks
 * @example
 * const release = await extractRelease(bytes, { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' });
 * release.figures.filter((f) => f.entity === 'Biomedicale di Mirandola');
 */
export async function extractRelease(bytes: Uint8Array, opts: ExtractOptions): Promise<ExtractedRelease> {
  const sha = opts.documentSha256 ?? createHash('sha256').update(bytes).digest('hex');
  const registry = opts.registry ?? regionRegistry(opts.region);
  const vocab = vocabulary(opts.vocabulary);
  const resolver = createNameResolver(registry);

  const pageTexts = await loadPdfText(bytes, sha);
  const pages = pageTexts.map((p) => ({ page: p.page, ...splitSidebar(buildLines(p), p.width) }));
  const printed = readPrintedMeta(pages, vocab);
  const window = referenceWindow(printed);
  const read = readTables(pages, { registry, resolver, vocab, window });
  const findings: DriftFinding[] = [...read.findings];
  const { figures, conflicts } = collectFigures(read.tables, sha);
  findings.push(...conflicts);
  if (findings.length === 0) findings.push(...checkCompleteness(figures));

  const latest = latestQuarter(figures.map((f) => f.period));
  const referenceYear = latest?.year ?? 0;
  const referenceQuarter = latest ? (quarterOf(latest) ?? 0) : 0;
  const fingerprint = fingerprintOf(pages, read.tables);
  findings.push(...compareFingerprint(fingerprint, opts.previous));
  // Each table's newest period must fit the release's dates (./meaning/choose.ts); so must the
  // release's own quarter. A Q1 block read as two whole years can end inside the window while its
  // changes still name Q1 of the year before (a table whose headings are a year early).
  if (latest && findings.length === 0 && fitsWindow([latest], window) === false) {
    findings.push({ kind: 'period-contradicts-release', expected: window?.from ?? 'a reference quarter fitting the release dates', found: `the tables' newest single quarter is ${periodCode(latest)}` });
  }
  if (latest) {
    const found = new Set(figures.map((f) => f.entity));
    const missing = membersAt(registry, referenceYear, referenceQuarter).filter((e) => e.kind !== 'aggregato' && !found.has(e.name));
    if (missing.length && findings.every((f) => f.kind !== 'table-missing')) {
      findings.push({ kind: 'entity-count', expected: `every member of ${registry.label} for ${referenceYear}Q${referenceQuarter}`, found: `missing ${missing.map((e) => e.name).join(', ')}` });
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
  const first = read.unknown[0];
  if (findings.some((f) => f.kind !== 'entity-count') || (findings.length && !first)) {
    throw new LayoutDriftError(findings, { documentSha256: sha }, read.reports);
  }
  if (first) {
    throw new UnknownEntityError(first.label, nearMatches(first.label, resolver), {
      documentSha256: sha,
      page: first.page,
      table: first.table,
      otherUnknown: read.unknown.slice(1).map((u) => u.label),
    });
  }
  const warnings: ExtractWarning[] = [...read.warnings, ...checkProse(pages, figures)];
  const note = checkNoteNumber(printed.noteNumber, registry.noteNumbering, latest ? { year: referenceYear, quarter: referenceQuarter } : null, (year, lastMonth) =>
    fitsWindow([{ year, firstMonth: lastMonth - 2, lastMonth }], window),
  );
  if (note) warnings.push(note);

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
    ...(warnings.length ? { warnings } : {}),
  };
}

function latestQuarter(periods: readonly Period[]): Period | null {
  return periods
    .filter((p) => quarterOf(p) !== null)
    .reduce<Period | null>((best, p) => (!best || p.year * 12 + p.lastMonth > best.year * 12 + best.lastMonth ? p : best), null);
}

/** Every read cell as a figure with its provenance; the same figure printed twice must agree. */
function collectFigures(tables: readonly ReadTable[], sha: string): { figures: ExtractedFigure[]; conflicts: DriftFinding[] } {
  const figures: ExtractedFigure[] = [];
  const conflicts: DriftFinding[] = [];
  const byKey = new Map<string, ExtractedFigure>();
  for (const t of tables) {
    for (const row of t.rows) {
      row.numbers.cells.forEach((cell, ci) => {
        const col = t.columns[ci];
        if (!cell || col?.status !== 'read') return;
        const value = parseItalianNumber(cell.text);
        if (value === null) return;
        const figure: ExtractedFigure = {
          entity: row.entity.name,
          kind: row.entity.kind,
          period: col.period,
          metric: col.metric,
          value,
          ...(row.footnotes.length ? { footnotes: row.footnotes } : {}),
          provenance: { documentSha256: sha, page: t.page, x: cell.x0, y: cell.y, tableId: t.id, rowLabel: row.rawLabel, columnLabel: col.label, rawText: cell.text },
        };
        const key = `${figure.entity}|${figure.metric}|${periodCode(figure.period)}`;
        const prev = byKey.get(key);
        if (prev) {
          if (prev.value !== value) {
            conflicts.push({ kind: 'conflicting-values', expected: `one value for ${key}`, found: `${prev.provenance.rawText} (${prev.provenance.tableId}) and ${cell.text} (${t.id})`, page: t.page, table: t.id });
          }
          return;
        }
        byKey.set(key, figure);
        figures.push(figure);
      });
    }
  }
  return { figures, conflicts };
}

function fingerprintOf(pages: Parameters<typeof readSections>[0], tables: readonly ReadTable[]): LayoutFingerprint {
  const entityTables = new Map<string, { heading: string; columns: string[]; entities: Set<string> }>();
  for (const t of tables) {
    if (t.rows.length === 0) continue;
    const entry = entityTables.get(t.kind) ?? { heading: t.heading, columns: t.columns.map((c) => c.label), entities: new Set<string>() };
    t.rows.forEach((r) => entry.entities.add(r.entity.name));
    entityTables.set(t.kind, entry);
  }
  return {
    pageCount: pages.length,
    sections: readSections(pages),
    tables: [...entityTables.entries()].map(([id, e]) => ({ id, heading: e.heading, columns: e.columns, entityCount: e.entities.size })),
  };
}

export type { TableReport };
