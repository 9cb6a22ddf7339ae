/**
 * JSON schemas of the data API: they validate requests, serialize responses and are the
 * OpenAPI document (`@fastify/swagger` reads them from the routes), so the document
 * cannot drift from the code. OpenAPI 3.0 dialect: `nullable`, no type arrays.
 */
import { ID, PERIOD_Q, SLUG } from './routes/pages.ts';
import { REQUEST_ID_RE } from './brief-requests.ts';
import { METRICS } from '../domain/metric.ts';

const str = { type: 'string' } as const;
const nstr = { type: 'string', nullable: true } as const;
const int = { type: 'integer' } as const;
const nint = { type: 'integer', nullable: true } as const;
const num = { type: 'number' } as const;
const nnum = { type: 'number', nullable: true } as const;
const bool = { type: 'boolean' } as const;
const obj = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({ type: 'object', properties, required, additionalProperties: false }) as const;

export const PERIOD_ANY = '^[0-9]{4}(Q[1-4]|M(0[1-9]|1[0-2])-(0[1-9]|1[0-2]))?$';
export const AS_OF = '^([1-9][0-9]{0,9}|[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))$';

export const errorSchema = obj({ error: obj({ code: str, message: str, requestId: str }) });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, { ...errorSchema, description: 'error with a stable code' }]));
const common = errors(400, 401, 403);

export const slugParams = obj({ slug: { type: 'string', pattern: SLUG, maxLength: 80, description: 'entity slug, e.g. biomedicale-mirandola' } });
export const idParams = obj({ id: { type: 'string', pattern: ID, description: 'positive integer id' } });
const metric = { type: 'string', enum: [...METRICS] } as const;

const entity = obj({ slug: str, name: str, kind: str, sector: str, region: str });
const seriesRow = obj({ entity: str, slug: str, period: str, metric: str, value: num, derived: bool, release: int, releaseTitle: str, releaseCover: str, releaseRef: nstr });
const revisionRow = obj({
  entity: str,
  period: str,
  metric: str,
  value: num,
  derived: bool,
  revision: nnum,
  release: obj({ id: int, title: str, cover: str, ref: nstr, noteNumber: nstr, dataCutoff: nstr, publishedOn: nstr, url: nstr }),
});
const lineage = obj({
  entity: str,
  period: str,
  metric: str,
  value: num,
  derived: bool,
  release: obj({ id: int, title: str, url: nstr, note_number: nstr, data_cutoff: nstr }),
  document: { ...obj({ sha256: str, byte_size: int }), nullable: true },
  page: nint,
  table_id: nstr,
  row_label: nstr,
  column_label: nstr,
  raw_text: nstr,
  x: nnum,
  y: nnum,
});
export const releaseSchema = obj({
  id: int,
  series: str,
  region: str,
  title: str,
  cover: str,
  refQuarter: nstr,
  noteNumber: nstr,
  dataCutoff: nstr,
  publishedOn: nstr,
  status: { type: 'string', enum: ['discovered', 'fetched', 'parsed', 'loaded', 'quarantined', 'failed'] },
  url: nstr,
  documentSha256: nstr,
});
const late = obj({ series: str, region: str, refQuarter: str, lateSince: str });
const finding = obj({ rule: str, severity: str, message: str, details: {} }, ['rule', 'severity', 'message']);
const brief = obj({
  id: int,
  entity: str,
  entitySlug: str,
  period: str,
  lang: str,
  sha256: str,
  byteSize: int,
  createdAt: { type: 'string', format: 'date-time' },
  releaseId: nint,
  noteNumber: nstr,
  dataCutoff: nstr,
  pdf: str,
  csv: str,
});
export const requestState = obj(
  {
    id: { type: 'string', pattern: REQUEST_ID_RE.source },
    state: { type: 'string', enum: ['ready', 'queued', 'rendering', 'failed'] },
    briefId: int,
    pdf: str,
    code: str,
    message: str,
    statusUrl: str,
  },
  ['id', 'state', 'statusUrl'],
);

const tags = (t: string) => [t];

export const API = {
  entities: { tags: tags('entities'), summary: 'Every entity (district, hub, aggregate)', response: { 200: obj({ entities: { type: 'array', items: entity } }), ...common } },
  series: {
    tags: tags('figures'),
    summary: 'A time series of one entity: the latest vintage, or as of a release id or a date',
    params: slugParams,
    querystring: obj({ metric, as_of: { type: 'string', pattern: AS_OF, description: 'release id, or ISO date (releases out by then)' } }, []),
    response: { 200: obj({ entity: obj({ slug: str, name: str }), asOf: nstr, rows: { type: 'array', items: seriesRow } }), ...common, ...errors(404) },
  },
  revisions: {
    tags: tags('figures'),
    summary: 'Every vintage of one figure, oldest first',
    params: slugParams,
    querystring: obj({ period: { type: 'string', pattern: PERIOD_ANY }, metric }, ['period']),
    response: { 200: obj({ rows: { type: 'array', items: revisionRow } }), ...common, ...errors(404) },
  },
  lineage: {
    tags: tags('figures'),
    summary: 'Where one figure came from: release, document, page and cell',
    params: slugParams,
    querystring: obj({ period: { type: 'string', pattern: PERIOD_ANY }, metric, release: { type: 'string', pattern: ID } }, ['period']),
    response: { 200: lineage, ...common, ...errors(404) },
  },
  releases: {
    tags: tags('releases'),
    summary: 'Every release with its status, and the expected notes that are late',
    querystring: obj({ status: releaseSchema.properties.status }, []),
    response: { 200: obj({ releases: { type: 'array', items: releaseSchema }, late: { type: 'array', items: late } }), ...common },
  },
  release: {
    tags: tags('releases'),
    summary: 'One release with its validation findings and, when quarantined, the drift report',
    params: idParams,
    response: { 200: obj({ release: releaseSchema, findings: { type: 'array', items: finding }, quarantine: { type: 'object', additionalProperties: true, nullable: true, description: 'status detail of a quarantined release (drift report)' } }), ...common, ...errors(404) },
  },
  briefs: {
    tags: tags('briefs'),
    summary: 'Stored briefs, newest quarter first',
    querystring: obj({ entity: { type: 'string', pattern: SLUG, maxLength: 80 }, period: { type: 'string', pattern: PERIOD_Q }, language: { type: 'string', enum: ['it', 'en'] } }, []),
    response: { 200: obj({ briefs: { type: 'array', items: brief } }), ...common },
  },
  requestBrief: {
    tags: tags('briefs'),
    summary: 'Request a brief: 200 when the same inputs were rendered before, else 202 and a status URL to poll',
    body: obj({ entity: { type: 'string', pattern: SLUG, maxLength: 80 }, period: { type: 'string', pattern: PERIOD_Q }, language: { type: 'string', enum: ['it', 'en'] } }),
    response: { 200: requestState, 202: requestState, ...common, ...errors(404, 422) },
  },
  requestStatus: {
    tags: tags('briefs'),
    summary: 'Progress of a brief request',
    params: obj({ id: { type: 'string', pattern: REQUEST_ID_RE.source } }),
    response: { 200: requestState, ...common, ...errors(404) },
  },
} as const;
