import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { EntityKind, Metric } from '../src/domain/metric.ts';

/** `timestamptz` columns: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `timestamptz` with a database default (`now()`): optional on insert. */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns are read back as 'YYYY-MM-DD' strings (see db/connect.ts type parsers). */
type DateOnly = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export type ReleaseStatus = 'discovered' | 'fetched' | 'parsed' | 'loaded' | 'quarantined' | 'failed';

export interface EntitiesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: EntityKind;
  sector: string;
  region: string;
  data_source: string;
}

/** Every spelling of an entity, normalised (see transform/names.ts) and scoped to a region. */
export interface EntityAliasesTable {
  region: string;
  alias_norm: string;
  alias: string;
  entity_id: number;
}

/** Content-addressed raw bytes: one row per distinct document, never updated or deleted. */
export interface RawDocumentsTable {
  sha256: string;
  bytes: Uint8Array;
  byte_size: number;
  content_type: string | null;
  first_seen_at: GeneratedTimestamp;
}

/** Every HTTP fetch we made, including 304s and failures (no body then). */
export interface FetchesTable {
  id: Generated<number>;
  url: string;
  final_url: string | null;
  status: number | null;
  headers: Json<Record<string, string>>;
  sha256: string | null;
  outcome: string;
  fetched_at: Timestamp;
}

export interface ReleasesTable {
  id: Generated<number>;
  /** Source adapter id, e.g. 'sample' or 'intesa-live'. */
  source: string;
  series: string;
  region: string;
  title: string;
  cover_year: number | null;
  cover_month: number | null;
  /** As printed, e.g. "n. 49" or "47". */
  note_number: string | null;
  data_cutoff: DateOnly | null;
  ref_year: number | null;
  ref_quarter: number | null;
  published_on: DateOnly | null;
  url: string | null;
  document_sha256: string | null;
  status: ReleaseStatus;
  status_detail: Json<unknown> | null;
  fingerprint: Json<unknown> | null;
  discovered_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** Which entities a release carried: membership is per release. */
export interface ReleaseEntitiesTable {
  release_id: number;
  entity_id: number;
}

/**
 * One figure of one release (= one vintage). Never overwritten by another release;
 * `latest_observations` picks the newest vintage per figure.
 */
export interface ObservationsTable {
  release_id: number;
  entity_id: number;
  period_year: number;
  period_first_month: number;
  period_last_month: number;
  metric: Metric;
  value: number;
  /** True when computed (e.g. Q2 = H1 − Q1 within the same vintage), not printed. */
  derived: boolean;
  page: number | null;
  x: number | null;
  y: number | null;
  table_id: string | null;
  row_label: string | null;
  column_label: string | null;
  raw_text: string | null;
}

export interface ValidationFindingsTable {
  id: Generated<number>;
  release_id: number;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  details: Json<unknown> | null;
  created_at: GeneratedTimestamp;
}

export interface BriefsTable {
  id: Generated<number>;
  entity_id: number;
  period_year: number;
  period_quarter: number;
  lang: 'it' | 'en';
  /** Hash of everything that determines the bytes: data, code version, options. */
  inputs_hash: string;
  sha256: string;
  bytes: Uint8Array;
  based_on_release_id: number | null;
  run_id: string | null;
  created_at: GeneratedTimestamp;
}

/** Lineage from a brief to every figure it used. */
export interface BriefObservationsTable {
  brief_id: number;
  release_id: number;
  entity_id: number;
  period_year: number;
  period_first_month: number;
  period_last_month: number;
  metric: Metric;
}

export type RunStatus = 'running' | 'succeeded' | 'partly-failed' | 'failed';

export interface PipelineRunsTable {
  /** From the `pipeline_run_seq` sequence (migration 0002) unless given. */
  id: ColumnType<string, string | undefined, string>;
  kind: string;
  trigger: string;
  status: RunStatus;
  job_id: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  summary: Json<unknown> | null;
  error: Json<unknown> | null;
  parameters: ColumnType<unknown, string | undefined, string>;
  code_version: string | null;
  error_code: string | null;
  error_message: string | null;
  /** `host:pid` of the process executing an in-process run (migration 0007); null for queued runs. */
  owner: string | null;
  /** Last sign of life of that process. */
  heartbeat_at: Timestamp | null;
}

export type StageName = 'discover' | 'fetch' | 'parse' | 'load' | 'render';
export type StageStatus = 'queued' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'skipped';

/** One stage of one run on one subject (a release's natural key, `listing`, `briefs:<entity>`). */
export interface RunStagesTable {
  id: Generated<number>;
  run_id: string;
  stage: StageName;
  subject: string;
  release_id: number | null;
  status: StageStatus;
  job_id: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  counts: Json<unknown> | null;
  error_code: string | null;
  error_message: string | null;
}

/** What parsing a document produced, so `load` can run again without re-parsing. */
export interface ParsedDocumentsTable {
  sha256: string;
  extracted: Json<unknown>;
  code_version: string;
  parsed_at: GeneratedTimestamp;
}

export type AccessRole = 'analyst' | 'operator' | 'metrics';

/** A personal token (migration 0003): only the SHA-256 of its secret is kept. */
export interface AccessTokensTable {
  id: Generated<number>;
  name: string;
  role: AccessRole;
  public_id: string;
  secret_sha256: string;
  created_at: GeneratedTimestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** A browser session opened with a token; the cookie's value is stored as its SHA-256. */
export interface WebSessionsTable {
  id_sha256: string;
  token_id: number;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
}

export interface LatestObservationsView {
  release_id: number;
  entity_id: number;
  period_year: number;
  period_first_month: number;
  period_last_month: number;
  metric: Metric;
  value: number;
  derived: boolean;
}

/** Last copy of a listing page with its HTTP validators (migration 0005). */
export interface ListingPagesTable {
  adapter_id: string;
  url: string;
  final_url: string;
  etag: string | null;
  last_modified: string | null;
  body: string;
  checked_at: GeneratedTimestamp;
}

/** One alert subject (e.g. a late note) and when it was last delivered (migration 0007). */
export interface AlertsSentTable {
  key: string;
  kind: string;
  first_sent_at: GeneratedTimestamp;
  last_sent_at: GeneratedTimestamp;
  times_sent: ColumnType<number, number | undefined, number>;
  times_suppressed: ColumnType<number, number | undefined, number>;
}

/** The registry version last written for a region (db/queries/entities.ts, `ensureRegistry`). */
export interface RegistrySyncsTable {
  region: string;
  fingerprint: string;
  synced_at: GeneratedTimestamp;
}

export interface Database {
  entities: EntitiesTable;
  entity_aliases: EntityAliasesTable;
  raw_documents: RawDocumentsTable;
  fetches: FetchesTable;
  releases: ReleasesTable;
  release_entities: ReleaseEntitiesTable;
  observations: ObservationsTable;
  validation_findings: ValidationFindingsTable;
  briefs: BriefsTable;
  brief_observations: BriefObservationsTable;
  pipeline_runs: PipelineRunsTable;
  run_stages: RunStagesTable;
  parsed_documents: ParsedDocumentsTable;
  latest_observations: LatestObservationsView;
  access_tokens: AccessTokensTable;
  web_sessions: WebSessionsTable;
  listing_pages: ListingPagesTable;
  alerts_sent: AlertsSentTable;
  registry_syncs: RegistrySyncsTable;
}

export type Release = Selectable<ReleasesTable>;
export type NewRelease = Insertable<ReleasesTable>;
export type Observation = Selectable<ObservationsTable>;
export type NewObservation = Insertable<ObservationsTable>;
export type PipelineRun = Selectable<PipelineRunsTable>;
export type RunStage = Selectable<RunStagesTable>;
