import type { FastifyInstance } from 'fastify';
import { listEntities } from '../../../db/queries/web.ts';
import { latestLoadedQuarters } from '../../../db/queries/pipeline.ts';
import { isDistrettiError } from '../../errors/distretti-error.ts';
import { REQUEST_ID_RE, type BriefRequestState } from '../brief-requests.ts';
import { WebError } from '../errors.ts';
import { html, layout, pageContext, raw, sendPage, type PageContext } from '../html.ts';
import { quarterLabel } from '../i18n.ts';
import { PERIOD_Q, SLUG } from './pages.ts';
import type { RouteDeps } from '../server.ts';

interface RequestForm {
  entity?: string;
  period?: string;
  language?: 'it' | 'en';
}

async function formPage(ctx: PageContext, d: RouteDeps, f: RequestForm, error: string | null): Promise<string> {
  const { t, lang } = ctx;
  const entities = await listEntities(d.db);
  const latest = (await latestLoadedQuarters(d.db))[0];
  const periods: string[] = [];
  if (latest) {
    for (let i = 0, y = latest.refYear, q = latest.refQuarter; i < 20; i++) {
      periods.push(`${y}Q${q}`);
      q--;
      if (q === 0) [y, q] = [y - 1, 4];
    }
  }
  const sel = (a: string | undefined, b: string) => raw(a === b ? ' selected' : '');
  return layout(
    ctx,
    t.requestTitle,
    html`${error ? html`<p class="notice error" role="alert">${error}</p>` : ''}
<form method="post" action="/briefs/new" class="stack"><input type="hidden" name="_csrf" value="${ctx.csrf}">
<label>${t.entity}<select name="entity" required>${entities.map((e) => html`<option value="${e.slug}"${sel(f.entity, e.slug)}>${e.name}</option>`)}</select></label>
<label>${t.quarter}<select name="period" required>${periods.map((p) => html`<option value="${p}"${sel(f.period, p)}>${quarterLabel(p, lang)}</option>`)}</select></label>
<label>${t.language}<select name="language"><option value="it"${sel(f.language ?? lang, 'it')}>italiano</option><option value="en"${sel(f.language ?? lang, 'en')}>English</option></select></label>
<button type="submit">${t.submit}</button></form>`,
  );
}

function statusPage(ctx: PageContext, s: BriefRequestState): string {
  const { t } = ctx;
  const pending = s.state === 'queued' || s.state === 'rendering';
  const title = s.state === 'ready' ? t.progressReady : s.state === 'failed' ? t.progressFailed : s.state === 'queued' ? t.progressQueued : t.progressRendering;
  const body =
    s.state === 'ready'
      ? html`<p class="progress" data-state="ready">✓ ${t.progressReady}: <a class="button" href="/briefs/${s.briefId}.pdf" download>PDF</a> <a href="/briefs/${s.briefId}.csv">${t.data}</a></p>`
      : s.state === 'failed'
        ? html`<p class="notice error" data-state="failed"><code>${s.code}</code> ${s.message}</p>`
        : html`<p class="progress" data-state="${s.state}" role="status">${title}</p><p class="muted">${t.refreshNote}</p>`;
  return layout(ctx, title, body, pending ? { refreshSeconds: 1 } : {});
}

export function registerRequestRoutes(app: FastifyInstance, d: RouteDeps): void {
  const formProps = {
    entity: { type: 'string', pattern: SLUG, maxLength: 80 },
    period: { type: 'string', pattern: PERIOD_Q },
    language: { enum: ['it', 'en'] },
    lang: { enum: ['it', 'en'] },
  };
  app.get<{ Querystring: RequestForm }>('/briefs/new', { schema: { querystring: { type: 'object', properties: formProps } } }, async (req, reply) =>
    sendPage(reply, await formPage(pageContext(req, reply), d, req.query, null)),
  );

  app.post<{ Body: Required<RequestForm> }>(
    '/briefs/new',
    {
      preValidation: app.csrfProtection,
      schema: { body: { type: 'object', properties: { ...formProps, _csrf: { type: 'string' } }, required: ['entity', 'period', 'language'] } },
    },
    async (req, reply) => {
      const b = req.body;
      try {
        const s = await d.briefs.request({ entitySlug: b.entity, year: Number(b.period.slice(0, 4)), quarter: Number(b.period.slice(5)), lang: b.language });
        return reply.redirect(`/briefs/requests/${s.id}`, 303);
      } catch (e) {
        if (!isDistrettiError(e) || e.disposition === 'retryable') throw e;
        return sendPage(reply.code(422), await formPage(pageContext(req, reply), d, b, `${e.code}: ${e.message}`));
      }
    },
  );

  app.get<{ Params: { id: string } }>(
    '/briefs/requests/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: REQUEST_ID_RE.source } }, required: ['id'] } } },
    async (req, reply) => {
      const s = await d.briefs.status(req.params.id);
      if (!s) throw new WebError('WEB_NOT_FOUND', `no brief request ${req.params.id} (in-process requests are forgotten when the web restarts)`);
      return sendPage(reply, statusPage(pageContext(req, reply), s));
    },
  );
}
