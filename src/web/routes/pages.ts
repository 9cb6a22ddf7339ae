import type { FastifyInstance, FastifyRequest } from 'fastify';
import { briefFacets, entityBySlug, entityRevisedFigures, listBriefs, listEntities } from '../../../db/queries/web.ts';
import { listReleases, releaseById } from '../../../db/queries/pipeline.ts';
import { releaseFindings } from '../../../db/queries/releases.ts';
import { latestSeries } from '../../../db/queries/series.ts';
import { findLateReleases } from '../../pipeline/lateness.ts';
import { periodCode } from '../../domain/period.ts';
import { WebError, type ErrorBody } from '../errors.ts';
import { html, layout, pageContext, raw, sendPage, type Html, type PageContext } from '../html.ts';
import { fmtDate, fmtNumber, fmtSigned, langOf, quarterLabel, T } from '../i18n.ts';
import { barChartSvg } from '../chart.ts';
import type { RouteDeps } from '../server.ts';
import type { Release } from '../../../db/schema.ts';

export const SLUG = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
export const PERIOD_Q = '^[0-9]{4}Q[1-4]$';
export const ID = '^[1-9][0-9]{0,9}$';
const LANG_Q = { enum: ['it', 'en'] } as const;

/** The HTML error page (errors.ts picks JSON or this). Needs no CSRF token: it has no forms but logout. */
export function errorPage(req: FastifyRequest, status: number, body: ErrorBody): string {
  const lang = langOf(req);
  const t = T[lang];
  const ctx: PageContext = { lang, t, req, otherLangHref: req.url, csrf: '' };
  const title = status === 404 ? t.notFound : status === 403 ? t.forbidden : `${t.error} ${status}`;
  return layout({ ...ctx, req: Object.assign(Object.create(req), { principal: null }) as FastifyRequest }, title, html`<p class="notice error">${body.error.message}</p><p class="muted">${body.error.code} · ${body.error.requestId}</p>`);
}

/** published / late / quarantined as the catalogue names them; other statuses as stored. */
function statusBadge(status: string, t: PageContext['t']): Html {
  const label = status === 'loaded' ? t.published : status === 'quarantined' ? t.quarantined : status;
  return html`<span class="badge ${status}">${label}</span>`;
}

const cover = (r: Release) => `${r.cover_year}-${String(r.cover_month).padStart(2, '0')}`;

function catalogue(ctx: PageContext, q: CatalogueQuery, facets: Awaited<ReturnType<typeof briefFacets>>, briefs: Awaited<ReturnType<typeof listBriefs>>): string {
  const { t, lang } = ctx;
  const opt = (v: string, label: string, sel: string | undefined) => html`<option value="${v}"${raw(sel === v ? ' selected' : '')}>${label}</option>`;
  const filters = html`<form method="get" action="/" class="filters" role="search">
<label>${t.entity}<select name="entity"><option value="">${t.any}</option>${facets.entities.map((e) => opt(e.slug, e.name, q.entity))}</select></label>
<label>${t.quarter}<select name="period"><option value="">${t.any}</option>${facets.periods.map((p) => opt(p, quarterLabel(p, lang), q.period))}</select></label>
<label>${t.language}<select name="language"><option value="">${t.any}</option>${opt('it', 'italiano', q.language)}${opt('en', 'English', q.language)}</select></label>
<button type="submit">${t.filter}</button> <a class="button secondary" href="/">${t.reset}</a></form>`;
  const rows = briefs.map(
    (b) => html`<tr>
<td data-label="${t.entity}"><a href="/entities/${b.entitySlug}">${b.entity}</a></td>
<td data-label="${t.quarter}">${quarterLabel(b.period, lang)}</td>
<td data-label="${t.language}">${b.lang === 'it' ? 'italiano' : 'English'}</td>
<td data-label="${t.note}">${b.releaseId ? html`<a href="/releases/${b.releaseId}">${b.noteNumber ?? `#${b.releaseId}`}</a>` : '–'}</td>
<td data-label="${t.vintage}">${fmtDate(b.dataCutoff, lang)}</td>
<td data-label="${t.rendered}" class="muted">${fmtDate(b.createdAt, lang)}</td>
<td data-label="${t.download}"><a href="/briefs/${b.id}.pdf" download>PDF</a> <span class="muted">(${Math.max(1, Math.round(b.byteSize / 1024))} KB)</span> · <a href="/briefs/${b.id}.csv">${t.data}</a></td></tr>`,
  );
  return layout(
    ctx,
    t.briefsTitle,
    html`${filters}${
      briefs.length
        ? html`<table class="cards"><thead><tr><th>${t.entity}</th><th>${t.quarter}</th><th>${t.language}</th><th>${t.note}</th><th>${t.vintage}</th><th>${t.rendered}</th><th>${t.download}</th></tr></thead><tbody>${rows}</tbody></table>`
        : html`<p class="notice">${t.noBriefs}</p>`
    }<p><a class="button" href="/briefs/new">${t.request}</a></p>`,
  );
}

interface CatalogueQuery {
  entity?: string;
  period?: string;
  language?: 'it' | 'en';
  lang?: string;
}

export function registerPageRoutes(app: FastifyInstance, d: RouteDeps): void {
  app.get<{ Querystring: CatalogueQuery }>(
    '/',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            entity: { anyOf: [{ type: 'string', pattern: SLUG, maxLength: 80 }, { const: '' }] },
            period: { anyOf: [{ type: 'string', pattern: PERIOD_Q }, { const: '' }] },
            language: { anyOf: [LANG_Q, { const: '' }] },
            lang: LANG_Q,
          },
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const [year, quarter] = q.period ? [Number(q.period.slice(0, 4)), Number(q.period.slice(5))] : [undefined, undefined];
      const [facets, briefs] = await Promise.all([
        briefFacets(d.db),
        listBriefs(d.db, { entitySlug: q.entity || undefined, year, quarter, lang: q.language || undefined }),
      ]);
      return sendPage(reply, catalogue(pageContext(req, reply), q, facets, briefs));
    },
  );

  app.get('/entities', { schema: { querystring: { type: 'object', properties: { lang: LANG_Q } } } }, async (req, reply) => {
    const ctx = pageContext(req, reply);
    const { t } = ctx;
    const rows = (await listEntities(d.db)).map(
      (e) => html`<tr><td data-label="${t.entity}"><a href="/entities/${e.slug}">${e.name}</a></td><td data-label="">${t.kinds[e.kind] ?? e.kind}</td><td data-label="" class="muted">${e.sector}</td></tr>`,
    );
    return sendPage(reply, layout(ctx, t.entities, html`<table class="cards"><tbody>${rows}</tbody></table>`));
  });

  app.get<{ Params: { slug: string } }>(
    '/entities/:slug',
    { schema: { params: { type: 'object', properties: { slug: { type: 'string', pattern: SLUG, maxLength: 80 } }, required: ['slug'] }, querystring: { type: 'object', properties: { lang: LANG_Q } } } },
    async (req, reply) => {
      const e = await entityBySlug(d.db, req.params.slug);
      if (!e) throw new WebError('WEB_NOT_FOUND', `no entity "${req.params.slug}"`);
      const ctx = pageContext(req, reply);
      const { t, lang } = ctx;
      const [series, releases] = await Promise.all([latestSeries(d.db, { entity: e.slug }), listReleases(d.db)]);
      const noteOf = new Map(releases.map((r) => [r.id, r.note_number ?? `#${r.id}`]));
      const quarterly = (m: string) => new Map(series.filter((r) => r.metric === m && /Q/.test(r.period)).map((r) => [r.period, r] as const));
      const levels = quarterly('exports_meur');
      const yoys = quarterly('yoy_pct');
      const periods = [...new Set([...levels.keys(), ...yoys.keys()])].sort().reverse();
      const latest = periods.slice(0, 8);
      const figures = latest.map(
        (p) => html`<tr><td data-label="${t.quarter}">${quarterLabel(p, lang)}</td><td class="num" data-label="${t.exports}">${fmtNumber(levels.get(p)?.value, lang)}</td><td class="num" data-label="${t.yoy}">${fmtSigned(yoys.get(p)?.value, lang)}</td>
<td data-label="${t.note}">${levels.get(p) ? html`<a href="/releases/${levels.get(p)!.release}">${noteOf.get(levels.get(p)!.release)}</a>` : '–'}</td></tr>`,
      );
      const chartPoints = periods.slice(0, 12).reverse().map((p) => ({ label: quarterLabel(p, 'en'), value: levels.get(p)?.value ?? null }));
      const chart = barChartSvg(chartPoints, { title: `${e.name}: ${t.chartTitle}`, format: (v) => fmtNumber(v, lang) });
      const revised = await entityRevisedFigures(d.db, e.id);
      const revRows = revised.map(
        (r) => html`<tr><td data-label="${t.period}">${quarterLabel(periodCode({ year: r.period_year, firstMonth: r.period_first_month, lastMonth: r.period_last_month }), lang)}</td><td data-label="${t.metric}">${t.metrics[r.metric] ?? r.metric}</td>
<td class="num" data-label="${t.firstPrint}">${r.metric.endsWith('_pct') ? fmtSigned(r.first_value, lang) : fmtNumber(r.first_value, lang)} <span class="muted">${r.first_note ?? ''}</span></td><td class="num" data-label="${t.latestPrint}">${r.metric.endsWith('_pct') ? fmtSigned(r.last_value, lang) : fmtNumber(r.last_value, lang)} <span class="muted">${r.last_note ?? ''}</span></td><td class="num" data-label="${t.vintages}">${r.vintages}</td></tr>`,
      );
      const body = html`<p class="muted">${t.kinds[e.kind] ?? e.kind} · ${e.sector} · ${e.region}</p>
<div class="grid2"><section><h2>${t.latestFigures}</h2>${
        latest.length
          ? html`<table class="compact"><thead><tr><th>${t.quarter}</th><th class="num">${t.exports}</th><th class="num">${t.yoy}</th><th>${t.note}</th></tr></thead><tbody>${figures}</tbody></table>`
          : html`<p class="muted">–</p>`
      }</section>
<section class="first-on-phone"><h2>${t.chartTitle}</h2><figure class="chart">${raw(chart)}</figure></section></div>
<h2>${t.revisions}</h2>${
        revRows.length
          ? html`<table class="cards"><thead><tr><th>${t.period}</th><th>${t.metric}</th><th class="num">${t.firstPrint}</th><th class="num">${t.latestPrint}</th><th class="num">${t.vintages}</th></tr></thead><tbody>${revRows}</tbody></table>`
          : html`<p class="muted">${t.noRevisions}</p>`
      }
<p><a href="/?entity=${e.slug}">${t.briefsTitle}</a> · <a href="/briefs/new?entity=${e.slug}">${t.request}</a></p>`;
      return sendPage(reply, layout(ctx, e.name, body));
    },
  );

  app.get('/releases', { schema: { querystring: { type: 'object', properties: { lang: LANG_Q } } } }, async (req, reply) => {
    const ctx = pageContext(req, reply);
    const { t, lang } = ctx;
    const [releases, late] = await Promise.all([listReleases(d.db), findLateReleases({ db: d.db, now: d.now })]);
    const lateBlock = late.length
      ? html`<div class="notice"><strong>${t.lateTitle}</strong><ul>${late.map((l) => html`<li><span class="badge late">${t.late}</span> ${l.series} (${l.region}) ${quarterLabel(l.refQuarter, lang)} — ${t.lateSince} ${fmtDate(l.lateSince, lang)}</li>`)}</ul></div>`
      : '';
    const rows = [...releases].reverse().map(
      (r) => html`<tr><td data-label="${t.note}"><a href="/releases/${r.id}">${r.note_number ?? `#${r.id}`}</a></td><td data-label="${t.quarter}">${r.ref_year ? quarterLabel(`${r.ref_year}Q${r.ref_quarter}`, lang) : '–'}</td>
<td data-label="${t.cover}">${cover(r)}</td><td data-label="${t.cutoff}">${fmtDate(r.data_cutoff, lang)}</td><td data-label="${t.status}">${statusBadge(r.status, t)}</td></tr>`,
    );
    return sendPage(
      reply,
      layout(ctx, t.releases, html`${lateBlock}<table class="cards"><thead><tr><th>${t.note}</th><th>${t.quarter}</th><th>${t.cover}</th><th>${t.cutoff}</th><th>${t.status}</th></tr></thead><tbody>${rows}</tbody></table>`),
    );
  });

  app.get<{ Params: { id: string } }>(
    '/releases/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: ID } }, required: ['id'] }, querystring: { type: 'object', properties: { lang: LANG_Q } } } },
    async (req, reply) => {
      const r = await releaseById(d.db, Number(req.params.id));
      if (!r) throw new WebError('WEB_NOT_FOUND', `no release ${req.params.id}`);
      const ctx = pageContext(req, reply);
      const { t, lang } = ctx;
      const findings = await releaseFindings(d.db, r.id);
      const facts = html`<dl class="facts"><dt>${t.status}</dt><dd>${statusBadge(r.status, t)}</dd><dt>${t.note}</dt><dd>${r.title} ${r.note_number ?? ''}</dd>
<dt>${t.quarter}</dt><dd>${r.ref_year ? quarterLabel(`${r.ref_year}Q${r.ref_quarter}`, lang) : '–'}</dd><dt>${t.cover}</dt><dd>${cover(r)}</dd><dt>${t.cutoff}</dt><dd>${fmtDate(r.data_cutoff, lang)}</dd>
<dt>${t.source}</dt><dd>${r.url ? html`<a href="${r.url}" rel="noreferrer">${r.url}</a>` : '–'}</dd><dt>SHA-256</dt><dd><code>${r.document_sha256 ?? '–'}</code></dd></dl>`;
      const findingList = findings.length
        ? html`<h2>${t.findings}</h2><table class="cards"><tbody>${findings.map((f) => html`<tr><td data-label=""><span class="badge ${f.severity === 'error' ? 'quarantined' : 'late'}">${f.severity}</span></td><td data-label=""><code>${f.rule}</code></td><td data-label="">${f.message}${sampleDetails(f.details)}</td></tr>`)}</tbody></table>`
        : '';
      const drift =
        r.status === 'quarantined' && r.status_detail
          ? html`<h2>${t.drift}</h2><pre>${JSON.stringify(r.status_detail, null, 2)}</pre>`
          : '';
      return sendPage(reply, layout(ctx, `${r.title} ${r.note_number ?? ''}`.trim(), html`${facts}${drift}${findingList}`));
    },
  );
}

/** The samples' own words under a finding ("p. 2: the text quotes +6,4% …"), which say what to look at. */
function sampleDetails(details: unknown): Html[] {
  const samples = (details as { samples?: { detail?: string; page?: number }[] } | null)?.samples ?? [];
  return samples.filter((x) => x.detail).map((x) => html`<br><small>${x.page ? `p. ${x.page}: ` : ''}${x.detail}</small>`);
}
