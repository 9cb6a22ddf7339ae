import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../log.ts';
import { briefBytes, listBriefs, type BriefListing } from '../../db/queries/web.ts';
import { listReleases } from '../../db/queries/pipeline.ts';

/**
 * The analysts' web: browse and download briefs. A thin shell over queries;
 * access control is planned as a fastify hook in front of every route but /health.
 */
export function buildWebServer(deps: { db: Kysely<Database>; log: Logger }): FastifyInstance {
  // pino's Logger is fastify's logger type; the cast only bridges their declaration files.
  const app = Fastify({ loggerInstance: deps.log as FastifyBaseLogger });

  app.get('/health', async () => ({ ok: true }));

  app.get('/briefs', async () => ({ briefs: await listBriefs(deps.db) }));

  app.get<{ Params: { id: string } }>('/briefs/:id.pdf', async (req, reply) => {
    const id = Number.parseInt(req.params.id, 10);
    if (!Number.isSafeInteger(id) || id <= 0) return reply.code(400).send({ error: 'brief id must be a positive integer' });
    const b = await briefBytes(deps.db, id);
    if (!b) return reply.code(404).send({ error: `no brief ${id}` });
    const etag = `"${b.sha256}"`;
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply
      .header('content-type', 'application/pdf')
      .header('etag', etag)
      .header('cache-control', 'private, max-age=0, must-revalidate')
      .header('content-disposition', `attachment; filename="${b.slug}-${b.period}-${b.lang}.pdf"`)
      .send(Buffer.from(b.bytes));
  });

  app.get('/releases', async () => ({
    releases: (await listReleases(deps.db)).map((r) => ({
      id: r.id,
      series: r.series,
      region: r.region,
      title: r.title,
      cover: `${r.cover_year}-${String(r.cover_month).padStart(2, '0')}`,
      refQuarter: r.ref_year ? `${r.ref_year}Q${r.ref_quarter}` : null,
      noteNumber: r.note_number,
      dataCutoff: r.data_cutoff,
      status: r.status,
      url: r.url,
    })),
  }));

  app.get('/', async (_req, reply) => {
    const briefs = await listBriefs(deps.db);
    return reply.header('content-type', 'text/html; charset=utf-8').send(renderIndex(briefs));
  });

  return app;
}

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function renderIndex(briefs: BriefListing[]): string {
  const rows = briefs
    .map(
      (b) =>
        `<tr><td>${esc(b.entity)}</td><td>${esc(b.period)}</td><td>${b.lang}</td>` +
        `<td>${b.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td>` +
        `<td><a href="/briefs/${b.id}.pdf">PDF</a> (${Math.round(b.byteSize / 1024)} KB)</td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>distretti — briefs</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}</style>
</head><body><h1>Export briefs</h1>
${briefs.length ? `<table><thead><tr><th>Entity</th><th>Quarter</th><th>Language</th><th>Created (UTC)</th><th>Download</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No briefs yet: run <code>distretti run</code>.</p>'}
</body></html>`;
}
