import type { Metric } from '../domain/metric.ts';
import { periodCode } from '../domain/period.ts';
import type { ExtractedFigure, ExtractedRelease } from '../domain/release.ts';
import { NotRetryableError } from '../errors/distretti-error.ts';
import { deriveQuarters } from './derive.ts';

/** One observations row of a release, before the release id is known. */
export interface ObservationRow {
  readonly entity_id: number;
  readonly period_year: number;
  readonly period_first_month: number;
  readonly period_last_month: number;
  readonly metric: Metric;
  readonly value: number;
  readonly derived: boolean;
  readonly page: number | null;
  readonly x: number | null;
  readonly y: number | null;
  readonly table_id: string | null;
  readonly row_label: string | null;
  readonly column_label: string | null;
  readonly raw_text: string | null;
}

/** The releases-row columns a document determines (status is the loader's decision). */
export interface ReleaseRow {
  readonly source: string;
  readonly series: string;
  readonly region: string;
  readonly title: string;
  readonly cover_year: number;
  readonly cover_month: number;
  readonly note_number: string | null;
  readonly data_cutoff: string | null;
  readonly ref_year: number;
  readonly ref_quarter: number;
  readonly published_on: string | null;
  readonly url: string | null;
  readonly document_sha256: string;
  /** JSON text of the layout fingerprint. */
  readonly fingerprint: string;
}

export interface ReleaseRows {
  readonly release: ReleaseRow;
  /** One row per (entity, period, metric): printed first, then derived quarters. */
  readonly observations: readonly ObservationRow[];
  /** Distinct entity ids the release carries (release_entities). */
  readonly entityIds: readonly number[];
}

/** An extracted entity name has no entity row: the registry is not synced or lacks the alias. */
export class UnknownEntityError extends NotRetryableError {
  constructor(name: string, region: string) {
    super(
      'ENTITY_UNKNOWN',
      `entity "${name}" is not known in region "${region}": add it (or the alias) to the registry, ` +
        'run syncRegistry, and load the release again',
      { entity: name, region },
    );
  }
}

/** One printed figure as an observation row (without its release id): value plus provenance. */
export function figureToRow(f: ExtractedFigure, entityId: number): ObservationRow {
  const p = f.provenance;
  return {
    entity_id: entityId,
    period_year: f.period.year,
    period_first_month: f.period.firstMonth,
    period_last_month: f.period.lastMonth,
    metric: f.metric,
    value: f.value,
    derived: false,
    page: p.page,
    x: p.x,
    y: p.y,
    table_id: p.tableId,
    row_label: p.rowLabel,
    column_label: p.columnLabel,
    raw_text: p.rawText,
  };
}

/**
 * Maps an extracted release to database rows. Pure. `entityId` resolves an
 * extracted name (canonical or alias) to its entity id; an unknown name throws
 * {@link UnknownEntityError} rather than dropping the figure. Repeated figures
 * keep the first value (conflicting repeats are a validation error and never
 * reach a load). Derived single quarters ({@link deriveQuarters}) are added with
 * `derived = true` and their recipe in `column_label`.
 */
export function toRows(
  release: ExtractedRelease,
  entityId: (name: string) => number | undefined,
  meta: { source: string; url: string | null; publishedOn?: string | null },
): ReleaseRows {
  const m = release.meta;
  const idOf = (name: string): number => {
    const id = entityId(name);
    if (id === undefined) throw new UnknownEntityError(name, m.region);
    return id;
  };
  const seen = new Set<string>();
  const observations: ObservationRow[] = [];
  const add = (row: ObservationRow): void => {
    const k = `${row.entity_id}|${row.period_year}|${row.period_first_month}|${row.period_last_month}|${row.metric}`;
    if (seen.has(k)) return;
    seen.add(k);
    observations.push(row);
  };
  for (const f of release.figures) add(figureToRow(f, idOf(f.entity)));
  for (const d of deriveQuarters(release.figures)) {
    add({
      entity_id: idOf(d.entity),
      period_year: d.period.year,
      period_first_month: d.period.firstMonth,
      period_last_month: d.period.lastMonth,
      metric: d.metric,
      value: d.value,
      derived: true,
      page: null,
      x: null,
      y: null,
      table_id: null,
      row_label: null,
      column_label: `derived: ${d.from[0]} − ${d.from[1]} (${periodCode(d.period)})`,
      raw_text: null,
    });
  }
  return {
    release: toReleaseRow(release, meta),
    observations,
    entityIds: [...new Set(observations.map((o) => o.entity_id))],
  };
}

/** The releases-row columns of an extracted release (also for a quarantined one). Pure. */
export function toReleaseRow(
  release: ExtractedRelease,
  meta: { source: string; url: string | null; publishedOn?: string | null },
): ReleaseRow {
  const m = release.meta;
  return {
    source: meta.source,
    series: m.series,
    region: m.region,
    title: m.title,
    cover_year: m.coverYear,
    cover_month: m.coverMonth,
    note_number: m.noteNumber,
    data_cutoff: m.dataCutoff,
    ref_year: m.referenceYear,
    ref_quarter: m.referenceQuarter,
    published_on: meta.publishedOn ?? null,
    url: meta.url,
    document_sha256: release.documentSha256,
    fingerprint: JSON.stringify(release.fingerprint),
  };
}
