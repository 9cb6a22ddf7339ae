import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { briefBytes } from '../../../db/queries/web.ts';
import { briefLineage } from '../../../db/queries/lineage.ts';
import { WebError } from '../errors.ts';
import { ID } from './pages.ts';
import type { RouteDeps } from '../server.ts';

const idParams = { type: 'object', properties: { id: { type: 'string', pattern: ID } }, required: ['id'] } as const;

/** True when If-None-Match names this entity tag (or `*`); weak tags compare equal (RFC 9110 §13.1.2). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

/** Private (behind a login) but revalidated every time, so a revoked token cannot read a cached copy. */
const CACHE = 'private, no-cache';

function sendWithEtag(req: FastifyRequest, reply: FastifyReply, etag: string, headers: Record<string, string>, body: Buffer | string): FastifyReply {
  reply.header('etag', etag).header('cache-control', CACHE).header('vary', 'Cookie, Authorization');
  if (etagMatches(req.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.headers(headers).send(body);
}

export function registerDownloadRoutes(app: FastifyInstance, d: RouteDeps): void {
  app.get<{ Params: { id: string } }>('/briefs/:id.pdf', { schema: { params: idParams } }, async (req, reply) => {
    const b = await briefBytes(d.db, Number(req.params.id));
    if (!b) throw new WebError('WEB_NOT_FOUND', `no brief ${req.params.id}`);
    return sendWithEtag(req, reply, `"${b.sha256}"`, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="brief-${b.slug}-${b.period}-${b.lang}.pdf"`,
      'last-modified': b.createdAt.toUTCString(),
    }, Buffer.from(b.bytes));
  });

  app.get<{ Params: { id: string } }>('/briefs/:id.csv', { schema: { params: idParams } }, async (req, reply) => {
    const id = Number(req.params.id);
    const b = await briefBytes(d.db, id);
    if (!b) throw new WebError('WEB_NOT_FOUND', `no brief ${req.params.id}`);
    const figures = await briefLineage(d.db, id);
    const csv = stringify(
      figures.map((f) => ({
        entity: f.entity,
        period: f.period,
        metric: f.metric,
        value: f.value,
        derived: f.derived,
        release_id: f.release.id,
        note: f.release.note_number,
        data_cutoff: f.release.data_cutoff,
        document_sha256: f.document?.sha256 ?? null,
        page: f.page,
        table: f.table_id,
        row: f.row_label,
        column: f.column_label,
        printed: f.raw_text,
      })),
      { header: true, columns: ['entity', 'period', 'metric', 'value', 'derived', 'release_id', 'note', 'data_cutoff', 'document_sha256', 'page', 'table', 'row', 'column', 'printed'], cast: { boolean: (v) => (v ? 'true' : 'false') } },
    );
    const etag = `"${createHash('sha256').update(csv).digest('hex')}"`;
    return sendWithEtag(req, reply, etag, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="brief-${b.slug}-${b.period}-${b.lang}-data.csv"`,
    }, csv);
  });
}
