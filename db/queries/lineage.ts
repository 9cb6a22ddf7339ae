import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { Metric } from '../../src/domain/metric.ts';
import { parsePeriodCode, periodCode, type Period } from '../../src/domain/period.ts';
import { resolveEntity } from './entities.ts';

/** Where one figure came from: release, raw document, page and cell. */
export interface FigureLineage {
  readonly entity: string;
  readonly period: string;
  readonly metric: Metric;
  readonly value: number;
  readonly derived: boolean;
  readonly release: {
    readonly id: number;
    readonly title: string;
    readonly url: string | null;
    readonly note_number: string | null;
    readonly data_cutoff: string | null;
  };
  /** The stored raw document (null if the release row has no document). */
  readonly document: { readonly sha256: string; readonly byte_size: number } | null;
  readonly page: number | null;
  readonly table_id: string | null;
  readonly row_label: string | null;
  readonly column_label: string | null;
  readonly raw_text: string | null;
  readonly x: number | null;
  readonly y: number | null;
}

/**
 * One figure a brief used. `value` is null (and provenance empty) when the
 * observation no longer exists — its release was re-extracted without it — while
 * the brief still names the vintage it used.
 */
export interface BriefFigure extends Omit<FigureLineage, 'value'> {
  readonly value: number | null;
}

interface LineageRaw {
  entity: string;
  period_year: number;
  period_first_month: number;
  period_last_month: number;
  metric: Metric;
  value: number | null;
  derived: boolean;
  release_id: number;
  title: string;
  url: string | null;
  note_number: string | null;
  data_cutoff: string | null;
  sha256: string | null;
  byte_size: number | null;
  page: number | null;
  table_id: string | null;
  row_label: string | null;
  column_label: string | null;
  raw_text: string | null;
  x: number | null;
  y: number | null;
}

function toLineage(r: LineageRaw): BriefFigure {
  return {
    entity: r.entity,
    period: periodCode({ year: r.period_year, firstMonth: r.period_first_month, lastMonth: r.period_last_month }),
    metric: r.metric,
    value: r.value,
    derived: r.derived,
    release: { id: r.release_id, title: r.title, url: r.url, note_number: r.note_number, data_cutoff: r.data_cutoff },
    document: r.sha256 !== null && r.byte_size !== null ? { sha256: r.sha256, byte_size: r.byte_size } : null,
    page: r.page,
    table_id: r.table_id,
    row_label: r.row_label,
    column_label: r.column_label,
    raw_text: r.raw_text,
    x: r.x,
    y: r.y,
  };
}

const LINEAGE_COLUMNS = sql`
  e.name as entity, o.period_year, o.period_first_month, o.period_last_month, o.metric, o.value, o.derived,
  o.release_id, r.title, r.url, r.note_number, r.data_cutoff, d.sha256, d.byte_size,
  o.page, o.table_id, o.row_label, o.column_label, o.raw_text, o.x, o.y`;

/**
 * The lineage of one figure: in the given release (any status), or else its latest
 * vintage (`latest_observations`). Undefined when that figure was never loaded.
 *
 * @example
 * await figureLineage(db, { entity: 'Biomedicale di Mirandola', period: '2025Q1', metric: 'exports_meur' })
 * // → { value: 131, release: { id: 30, … }, document: { sha256: '…', byte_size: 81234 }, page: 3, … }
 */
export async function figureLineage(
  db: Kysely<Database>,
  q: { entity: string; period: string | Period; metric: Metric; releaseId?: number | undefined },
): Promise<FigureLineage | undefined> {
  const e = await resolveEntity(db, q.entity);
  const p = typeof q.period === 'string' ? parsePeriodCode(q.period) : q.period;
  const releaseFilter =
    q.releaseId !== undefined
      ? sql`o.release_id = ${q.releaseId}`
      : sql`o.release_id = (select l.release_id from latest_observations l
          where l.entity_id = o.entity_id and l.metric = o.metric and l.period_year = o.period_year
            and l.period_first_month = o.period_first_month and l.period_last_month = o.period_last_month)`;
  const r = await sql<LineageRaw>`
    select ${LINEAGE_COLUMNS}
    from observations o
    join entities e on e.id = o.entity_id
    join releases r on r.id = o.release_id
    left join raw_documents d on d.sha256 = r.document_sha256
    where o.entity_id = ${e.id} and o.metric = ${q.metric} and o.period_year = ${p.year}
      and o.period_first_month = ${p.firstMonth} and o.period_last_month = ${p.lastMonth}
      and ${releaseFilter}
  `.execute(db);
  const row = r.rows[0];
  return row ? (toLineage(row) as FigureLineage) : undefined;
}

/**
 * Every figure a brief used (brief_observations), each with its lineage, ordered by
 * entity, metric and period (see {@link BriefFigure} for a vanished observation).
 */
export async function briefLineage(db: Kysely<Database>, briefId: number): Promise<BriefFigure[]> {
  const r = await sql<LineageRaw>`
    select e.name as entity, b.period_year, b.period_first_month, b.period_last_month, b.metric,
      o.value, coalesce(o.derived, false) as derived,
      b.release_id, r.title, r.url, r.note_number, r.data_cutoff, d.sha256, d.byte_size,
      o.page, o.table_id, o.row_label, o.column_label, o.raw_text, o.x, o.y
    from brief_observations b
    join entities e on e.id = b.entity_id
    join releases r on r.id = b.release_id
    left join observations o on o.release_id = b.release_id and o.entity_id = b.entity_id and o.metric = b.metric
      and o.period_year = b.period_year and o.period_first_month = b.period_first_month
      and o.period_last_month = b.period_last_month
    left join raw_documents d on d.sha256 = r.document_sha256
    where b.brief_id = ${briefId}
    order by e.name, b.metric, b.period_year, b.period_last_month, b.period_first_month desc
  `.execute(db);
  return r.rows.map(toLineage);
}
