import type { FastifyInstance } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { listReleases } from '../../../db/queries/pipeline.ts';
import { isDistrettiError } from '../../errors/distretti-error.ts';
import { WebError } from '../errors.ts';
import { html, layout, pageContext, sendPage } from '../html.ts';
import { fmtDate, quarterLabel } from '../i18n.ts';
import { ID } from './pages.ts';
import type { RouteDeps } from '../server.ts';

export const BOARD_PATH = '/admin/queues';

/** Operators' pages: the releases with a re-parse button, and Bull Board over the pipeline queue. */
export async function registerAdminRoutes(app: FastifyInstance, d: RouteDeps): Promise<void> {
  app.get<{ Querystring: { done?: string; lang?: string } }>(
    '/admin/releases',
    { config: { access: 'operator' }, schema: { querystring: { type: 'object', properties: { done: { type: 'string', maxLength: 300 }, lang: { enum: ['it', 'en'] } } } } },
    async (req, reply) => {
      const ctx = pageContext(req, reply);
      const { t, lang } = ctx;
      const releases = [...(await listReleases(d.db))].reverse();
      const rows = releases.map(
        (r) => html`<tr><td data-label="${t.note}"><a href="/releases/${r.id}">${r.note_number ?? `#${r.id}`}</a></td><td data-label="${t.quarter}">${r.ref_year ? quarterLabel(`${r.ref_year}Q${r.ref_quarter}`, lang) : '–'}</td>
<td data-label="${t.cutoff}">${fmtDate(r.data_cutoff, lang)}</td><td data-label="${t.status}"><span class="badge ${r.status}">${r.status}</span></td>
<td data-label="">${
          r.status === 'quarantined'
            ? html`<form method="post" action="/admin/releases/${r.id}/reparse"><input type="hidden" name="_csrf" value="${ctx.csrf}"><button type="submit">${t.reparse}</button></form>`
            : ''
        }</td></tr>`,
      );
      const done = req.query.done ? html`<p class="notice" role="status">${req.query.done}</p>` : '';
      return sendPage(
        reply,
        layout(ctx, `${t.operators}: ${t.releases}`, html`${done}<table class="cards"><thead><tr><th>${t.note}</th><th>${t.quarter}</th><th>${t.cutoff}</th><th>${t.status}</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<p>${d.queue ? html`<a href="${BOARD_PATH}">${t.queues}</a>` : html`<span class="muted">${t.queues}: REDIS_URL not set, jobs run in-process</span>`}</p>`),
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/admin/releases/:id/reparse',
    {
      config: { access: 'operator' },
      preValidation: app.csrfProtection,
      schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: ID } }, required: ['id'] } },
    },
    async (req, reply) => {
      const id = Number(req.params.id);
      const ctx = pageContext(req, reply);
      const r = (await listReleases(d.db)).find((x) => x.id === id);
      if (!r) throw new WebError('WEB_NOT_FOUND', `no release ${id}`);
      if (r.status !== 'quarantined') throw new WebError('WEB_UNPROCESSABLE', `release ${id} is ${r.status}, not quarantined: nothing to re-parse`);
      let done: string;
      try {
        const out = await d.operator.reparse(id);
        done = out.jobId ? `${ctx.t.reparseQueued}: job ${out.jobId}` : `${ctx.t.reparseQueued}: ${out.status}`;
      } catch (e) {
        if (!isDistrettiError(e) || e.disposition === 'retryable') throw e;
        done = `${e.code}: ${e.message}`;
      }
      req.log.info({ releaseId: id, operator: req.principal?.name }, 're-parse requested');
      return reply.redirect(`/admin/releases?done=${encodeURIComponent(done.slice(0, 290))}`, 303);
    },
  );

  if (d.queue) {
    const board = new FastifyAdapter();
    createBullBoard({ queues: [new BullMQAdapter(d.queue)], serverAdapter: board, options: { uiConfig: { boardTitle: 'distretti' } } });
    board.setBasePath(BOARD_PATH);
    // Registered as a child plugin: the root access-control hook applies, and /admin defaults to operator.
    await app.register(board.registerPlugin(), { prefix: BOARD_PATH });
  }
}
