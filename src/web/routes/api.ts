import type { FastifyInstance } from 'fastify';
import { listBriefs, listEntities } from '../../../db/queries/web.ts';
import { listReleases, releaseById } from '../../../db/queries/pipeline.ts';
import { releaseFindings } from '../../../db/queries/releases.ts';
import { resolveEntity } from '../../../db/queries/entities.ts';
import { revisionHistory, seriesAsOf } from '../../../db/queries/series.ts';
import { figureLineage } from '../../../db/queries/lineage.ts';
import { findLateReleases } from '../../pipeline/lateness.ts';
import type { Metric } from '../../domain/metric.ts';
import type { Release, ReleaseStatus } from '../../../db/schema.ts';
import type { BriefRequestState } from '../brief-requests.ts';
import { WebError } from '../errors.ts';
import { API } from '../api-schemas.ts';
import type { RouteDeps } from '../server.ts';

const toRelease = (r: Release) => ({
  id: r.id,
  series: r.series,
  region: r.region,
  title: r.title,
  cover: `${r.cover_year}-${String(r.cover_month).padStart(2, '0')}`,
  refQuarter: r.ref_year ? `${r.ref_year}Q${r.ref_quarter}` : null,
  noteNumber: r.note_number,
  dataCutoff: r.data_cutoff,
  publishedOn: r.published_on,
  status: r.status,
  url: r.url,
  documentSha256: r.document_sha256,
});

const stateBody = (s: BriefRequestState) => ({
  ...s,
  statusUrl: `/api/briefs/requests/${s.id}`,
  ...(s.state === 'ready' ? { pdf: `/briefs/${s.briefId}.pdf` } : {}),
});

/** The JSON data API (issue 11, item 4); its schemas are the OpenAPI document. */
export function registerApiRoutes(app: FastifyInstance, d: RouteDeps): void {
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/api/entities', { schema: API.entities }, async () => ({ entities: await listEntities(d.db) }));

  app.get<{ Params: { slug: string }; Querystring: { metric?: Metric; as_of?: string } }>('/api/entities/:slug/series', { schema: API.series }, async (req) => {
    const e = await resolveEntity(d.db, req.params.slug);
    const asOf = req.query.as_of;
    const rows = await seriesAsOf(d.db, {
      entity: e.slug,
      metric: req.query.metric,
      asOfReleaseId: asOf && !asOf.includes('-') ? Number(asOf) : undefined,
      asOfDate: asOf?.includes('-') ? asOf : undefined,
    });
    return { entity: { slug: e.slug, name: e.name }, asOf: asOf ?? null, rows };
  });

  app.get<{ Params: { slug: string }; Querystring: { period: string; metric?: Metric } }>('/api/entities/:slug/revisions', { schema: API.revisions }, async (req) => ({
    rows: await revisionHistory(d.db, { entity: req.params.slug, period: req.query.period, metric: req.query.metric ?? 'exports_meur' }),
  }));

  app.get<{ Params: { slug: string }; Querystring: { period: string; metric?: Metric; release?: string } }>('/api/entities/:slug/lineage', { schema: API.lineage }, async (req) => {
    const l = await figureLineage(d.db, {
      entity: req.params.slug,
      period: req.query.period,
      metric: req.query.metric ?? 'exports_meur',
      releaseId: req.query.release ? Number(req.query.release) : undefined,
    });
    if (!l) throw new WebError('WEB_NOT_FOUND', `no figure ${req.query.metric ?? 'exports_meur'} ${req.query.period} of ${req.params.slug}${req.query.release ? ` in release ${req.query.release}` : ''}`);
    return l;
  });

  app.get<{ Querystring: { status?: ReleaseStatus } }>('/api/releases', { schema: API.releases }, async (req) => {
    const [all, late] = await Promise.all([listReleases(d.db), findLateReleases({ db: d.db, now: d.now })]);
    return { releases: all.filter((r) => !req.query.status || r.status === req.query.status).map(toRelease), late };
  });

  app.get<{ Params: { id: string } }>('/api/releases/:id', { schema: API.release }, async (req) => {
    const r = await releaseById(d.db, Number(req.params.id));
    if (!r) throw new WebError('WEB_NOT_FOUND', `no release ${req.params.id}`);
    return { release: toRelease(r), findings: await releaseFindings(d.db, r.id), quarantine: r.status === 'quarantined' ? r.status_detail : null };
  });

  app.get<{ Querystring: { entity?: string; period?: string; language?: 'it' | 'en' } }>('/api/briefs', { schema: API.briefs }, async (req) => {
    const q = req.query;
    const briefs = await listBriefs(d.db, {
      entitySlug: q.entity,
      year: q.period ? Number(q.period.slice(0, 4)) : undefined,
      quarter: q.period ? Number(q.period.slice(5)) : undefined,
      lang: q.language,
    });
    return { briefs: briefs.map((b) => ({ ...b, pdf: `/briefs/${b.id}.pdf`, csv: `/briefs/${b.id}.csv` })) };
  });

  app.post<{ Body: { entity: string; period: string; language: 'it' | 'en' } }>('/api/briefs', { schema: API.requestBrief }, async (req, reply) => {
    const b = req.body;
    const s = await d.briefs.request({ entitySlug: b.entity, year: Number(b.period.slice(0, 4)), quarter: Number(b.period.slice(5)), lang: b.language });
    return reply.code(s.state === 'ready' ? 200 : 202).send(stateBody(s));
  });

  app.get<{ Params: { id: string } }>('/api/briefs/requests/:id', { schema: API.requestStatus }, async (req) => {
    const s = await d.briefs.status(req.params.id);
    if (!s) throw new WebError('WEB_NOT_FOUND', `no brief request ${req.params.id}`);
    return stateBody(s);
  });
}
