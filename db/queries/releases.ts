import { sql, type Kysely } from 'kysely';
import type { Database, Release, ReleaseStatus } from '../schema.ts';
import type { ExtractedRelease } from '../../src/domain/release.ts';
import { NotRetryableError } from '../../src/errors/distretti-error.ts';
import type { Finding } from '../../src/transform/validate/types.ts';
import { toReleaseRow, toRows, type ReleaseRow } from '../../src/transform/to-rows.ts';
import { entityIdResolver } from './entities.ts';
import { deleteObservationsNotIn, replaceReleaseEntities, upsertObservations } from './observations.ts';

/** No release row has this id. */
export class ReleaseRowNotFoundError extends NotRetryableError {
  constructor(id: number) {
    super('RELEASE_ROW_NOT_FOUND', `release ${id} does not exist: list releases with \`distretti releases\``, { releaseId: id });
  }
}

export interface LoadReleaseInput {
  readonly release: ExtractedRelease;
  /** Source adapter id, e.g. 'sample' or 'intesa-live'. */
  readonly source: string;
  readonly url: string | null;
  readonly publishedOn?: string | null;
  /** validateRelease's output: any `error` quarantines the release. */
  readonly findings: readonly Finding[];
}

export interface LoadReleaseResult {
  readonly releaseId: number;
  readonly status: 'loaded' | 'quarantined';
  readonly observationsInserted: number;
  /** Rows of this release whose stored value/provenance differed (a re-extraction). */
  readonly observationsUpdated: number;
  readonly observationsUnchanged: number;
  /** Rows of this release no longer extracted (or all of them, on quarantine). */
  readonly observationsDeleted: number;
  /** Whether the releases row or its findings changed. */
  readonly releaseChanged: boolean;
}

/**
 * Loads one validated release in ONE transaction:
 * 1. upserts the releases row on its natural key (series, region, cover year, cover
 *    month) with document hash, printed metadata and layout fingerprint;
 * 2. replaces its validation findings (only if they differ, so a reload keeps ids);
 * 3. with any `error` finding: status `quarantined`, and the release holds no
 *    observations; otherwise observations through the bulk `unnest` path
 *    (ON CONFLICT on release+entity+period+metric, updated only if different),
 *    release_entities, status `loaded`.
 * Loading the same release twice changes no row. Any failure rolls everything back.
 * The raw document (document_sha256) must already be in raw_documents.
 *
 * @example
 * const r = await loadRelease(db, { release, source: 'sample', url, findings: validateRelease(release, ctx) });
 */
export async function loadRelease(db: Kysely<Database>, input: LoadReleaseInput): Promise<LoadReleaseResult> {
  const errors = input.findings.filter((f) => f.severity === 'error');
  const status = errors.length > 0 ? 'quarantined' : 'loaded';
  const meta = { source: input.source, url: input.url, publishedOn: input.publishedOn ?? null };
  const detail = {
    errors: errors.length,
    warnings: input.findings.length - errors.length,
    rules: [...new Set(input.findings.map((f) => f.rule))],
    department: input.release.meta.department,
  };
  return db.transaction().execute(async (trx) => {
    if (status === 'quarantined') {
      const { id, changed } = await upsertRelease(trx, toReleaseRow(input.release, meta), status, detail);
      const findingsChanged = await replaceFindings(trx, id, input.findings);
      // A quarantined vintage must not be half-visible: drop whatever an earlier load left.
      const deleted = await deleteObservationsNotIn(trx, id, []);
      const entitiesChanged = await replaceReleaseEntities(trx, id, []);
      return {
        releaseId: id,
        status,
        observationsInserted: 0,
        observationsUpdated: 0,
        observationsUnchanged: 0,
        observationsDeleted: deleted,
        releaseChanged: changed || findingsChanged || entitiesChanged > 0,
      };
    }
    const rows = toRows(input.release, await entityIdResolver(trx, input.release.meta.region), meta);
    const { id, changed } = await upsertRelease(trx, rows.release, status, detail);
    const findingsChanged = await replaceFindings(trx, id, input.findings);
    const counts = await upsertObservations(trx, id, rows.observations);
    const deleted = await deleteObservationsNotIn(trx, id, rows.observations);
    const entitiesChanged = await replaceReleaseEntities(trx, id, rows.entityIds);
    return {
      releaseId: id,
      status,
      observationsInserted: counts.inserted,
      observationsUpdated: counts.updated,
      observationsUnchanged: counts.unchanged,
      observationsDeleted: deleted,
      releaseChanged: changed || findingsChanged || entitiesChanged > 0,
    };
  });
}

/** Upsert on the natural key; touches the row (and updated_at) only when a column differs. */
async function upsertRelease(
  db: Kysely<Database>,
  r: ReleaseRow,
  status: ReleaseStatus,
  detail: unknown,
): Promise<{ id: number; changed: boolean }> {
  const row = await db
    .insertInto('releases')
    .values({ ...r, status, status_detail: JSON.stringify(detail) })
    .onConflict((oc) =>
      oc
        .columns(['series', 'region', 'cover_year', 'cover_month'])
        .doUpdateSet({
          source: sql`excluded.source`,
          title: sql`excluded.title`,
          note_number: sql`excluded.note_number`,
          data_cutoff: sql`excluded.data_cutoff`,
          ref_year: sql`excluded.ref_year`,
          ref_quarter: sql`excluded.ref_quarter`,
          // A listing date already known survives a load that was given none.
          published_on: sql`coalesce(excluded.published_on, releases.published_on)`,
          url: sql`coalesce(excluded.url, releases.url)`,
          document_sha256: sql`excluded.document_sha256`,
          status: sql`excluded.status`,
          status_detail: sql`excluded.status_detail`,
          fingerprint: sql`excluded.fingerprint`,
          updated_at: sql`now()`,
        })
        .where(
          sql<boolean>`(releases.source, releases.title, releases.note_number, releases.data_cutoff, releases.ref_year,
              releases.ref_quarter, releases.published_on, releases.url, releases.document_sha256, releases.status,
              releases.status_detail, releases.fingerprint)
            is distinct from
            (excluded.source, excluded.title, excluded.note_number, excluded.data_cutoff, excluded.ref_year,
              excluded.ref_quarter, coalesce(excluded.published_on, releases.published_on), coalesce(excluded.url, releases.url),
              excluded.document_sha256, excluded.status, excluded.status_detail, excluded.fingerprint)`,
        ),
    )
    .returning('id')
    .executeTakeFirst();
  if (row) return { id: row.id, changed: true };
  // The upsert hit the natural key and changed nothing, so the row exists.
  const existing = await releaseByNaturalKey(db, { series: r.series, region: r.region, coverYear: r.cover_year, coverMonth: r.cover_month });
  return { id: existing!.id, changed: false };
}

/** The JSON shape findings are stored and compared in. */
function findingRows(findings: readonly Finding[]) {
  return findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    details: { count: f.count, samples: f.samples },
  }));
}

/**
 * Replaces the release's findings, unless the stored ones are already the same
 * (compared as jsonb, in order): a reload keeps their ids and timestamps.
 */
async function replaceFindings(db: Kysely<Database>, releaseId: number, findings: readonly Finding[]): Promise<boolean> {
  const rows = findingRows(findings);
  const same = await sql<{ same: boolean }>`
    select coalesce(
      (select jsonb_agg(jsonb_build_object('rule', rule, 'severity', severity, 'message', message, 'details', details) order by id)
       from validation_findings where release_id = ${releaseId}), '[]'::jsonb) = ${JSON.stringify(rows)}::jsonb as same
  `.execute(db);
  if (same.rows[0]?.same) return false;
  await db.deleteFrom('validation_findings').where('release_id', '=', releaseId).execute();
  if (rows.length > 0) {
    await db
      .insertInto('validation_findings')
      .values(rows.map((r) => ({ release_id: releaseId, ...r, details: JSON.stringify(r.details) })))
      .execute();
  }
  return true;
}

export interface ReleaseStub {
  readonly source: string;
  readonly series: string;
  readonly region: string;
  readonly title: string;
  readonly coverYear: number;
  readonly coverMonth: number;
  readonly url: string | null;
  readonly publishedOn?: string | null;
  /** Set once the bytes are stored (they must be in raw_documents). */
  readonly documentSha256?: string | null;
  readonly refYear?: number | null;
  readonly refQuarter?: number | null;
}

/**
 * Records a release known from a listing (or a stored document not yet parsed),
 * status `discovered`. Idempotent on the natural key: an existing row keeps its
 * status and extracted metadata; only missing url/date/document/reference fill in
 * or newer listing values replace older ones. Returns the release id.
 */
export async function upsertReleaseStub(db: Kysely<Database>, s: ReleaseStub): Promise<number> {
  const row = await db
    .insertInto('releases')
    .values({
      source: s.source,
      series: s.series,
      region: s.region,
      title: s.title,
      cover_year: s.coverYear,
      cover_month: s.coverMonth,
      url: s.url,
      published_on: s.publishedOn ?? null,
      document_sha256: s.documentSha256 ?? null,
      ref_year: s.refYear ?? null,
      ref_quarter: s.refQuarter ?? null,
      status: 'discovered',
    })
    .onConflict((oc) =>
      oc
        .columns(['series', 'region', 'cover_year', 'cover_month'])
        .doUpdateSet({
          url: sql`coalesce(excluded.url, releases.url)`,
          published_on: sql`coalesce(excluded.published_on, releases.published_on)`,
          document_sha256: sql`coalesce(excluded.document_sha256, releases.document_sha256)`,
          ref_year: sql`coalesce(releases.ref_year, excluded.ref_year)`,
          ref_quarter: sql`coalesce(releases.ref_quarter, excluded.ref_quarter)`,
          updated_at: sql`now()`,
        })
        .where(
          sql<boolean>`(releases.url, releases.published_on, releases.document_sha256, releases.ref_year, releases.ref_quarter)
            is distinct from
            (coalesce(excluded.url, releases.url), coalesce(excluded.published_on, releases.published_on),
             coalesce(excluded.document_sha256, releases.document_sha256),
             coalesce(releases.ref_year, excluded.ref_year), coalesce(releases.ref_quarter, excluded.ref_quarter))`,
        ),
    )
    .returning('id')
    .executeTakeFirst();
  if (row) return row.id;
  // The upsert hit the natural key and changed nothing, so the row exists.
  const existing = await releaseByNaturalKey(db, s);
  return existing!.id;
}

/**
 * Sets a release's status and its detail (e.g. the extraction error's JSON on
 * quarantine). The raw document link is kept, so the release can be re-parsed.
 * A no-op when both are already equal. Throws ReleaseRowNotFoundError for an unknown id.
 */
export async function setReleaseStatus(
  db: Kysely<Database>,
  id: number,
  status: ReleaseStatus,
  detail: unknown,
): Promise<void> {
  const json = detail === undefined || detail === null ? null : JSON.stringify(detail);
  const r = await db
    .updateTable('releases')
    .set({ status, status_detail: json, updated_at: sql`now()` })
    .where('id', '=', id)
    .where(sql<boolean>`(status, status_detail) is distinct from (${status}::text, ${json}::jsonb)`)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) {
    const exists = await db.selectFrom('releases').select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) throw new ReleaseRowNotFoundError(id);
  }
}

/** The stored findings of a release, in the order validation reported them. */
export async function releaseFindings(
  db: Kysely<Database>,
  releaseId: number,
): Promise<Array<{ rule: string; severity: 'error' | 'warning'; message: string; details: unknown }>> {
  return db
    .selectFrom('validation_findings')
    .select(['rule', 'severity', 'message', 'details'])
    .where('release_id', '=', releaseId)
    .orderBy('id')
    .execute();
}

/** Per release with any, how many findings of severity warning it stores (validation and extractor warnings). */
export async function warningCounts(db: Kysely<Database>): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('validation_findings')
    .select(['release_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('severity', '=', 'warning')
    .groupBy('release_id')
    .execute();
  return new Map(rows.map((r) => [r.release_id, Number(r.n)]));
}

/** The release row with this natural key (series, region, cover month), if any. */
export async function releaseByNaturalKey(
  db: Kysely<Database>,
  k: { series: string; region: string; coverYear: number; coverMonth: number },
): Promise<Release | undefined> {
  return db
    .selectFrom('releases')
    .selectAll()
    .where('series', '=', k.series)
    .where('region', '=', k.region)
    .where('cover_year', '=', k.coverYear)
    .where('cover_month', '=', k.coverMonth)
    .executeTakeFirst();
}

/** A stored document nothing could be read from, with no listing to say which release it is. */
export interface UnidentifiedRelease {
  readonly source: string;
  readonly series: string;
  readonly region: string;
  readonly title: string;
  readonly url: string | null;
  readonly documentSha256: string;
  /** The error that stopped the parse (its `toJSON()`). */
  readonly detail: unknown;
}

/**
 * Records `u` as a quarantined release with an unknown cover month (so `distretti releases`
 * shows it and `distretti reparse` can re-read it); one row per document. Returns its id.
 */
export async function insertUnidentifiedRelease(db: Kysely<Database>, u: UnidentifiedRelease): Promise<number> {
  const existing = await db
    .selectFrom('releases')
    .select('id')
    .where('document_sha256', '=', u.documentSha256)
    .where('cover_year', 'is', null)
    .executeTakeFirst();
  if (existing) {
    await db.updateTable('releases').set({ status_detail: JSON.stringify(u.detail), updated_at: sql`now()` }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const row = await db
    .insertInto('releases')
    .values({
      source: u.source,
      series: u.series,
      region: u.region,
      title: u.title,
      cover_year: null,
      cover_month: null,
      url: u.url,
      document_sha256: u.documentSha256,
      status: 'quarantined',
      status_detail: JSON.stringify(u.detail),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Drops the unidentified row of a document once a parse has identified its release (`keepId`). */
export async function deleteUnidentifiedRelease(db: Kysely<Database>, documentSha256: string, keepId: number): Promise<number> {
  const r = await db
    .deleteFrom('releases')
    .where('document_sha256', '=', documentSha256)
    .where('cover_year', 'is', null)
    .where('id', '<>', keepId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
