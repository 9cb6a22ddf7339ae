import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type {} from '@fastify/csrf-protection';
import { langOf, T, type Strings, type WebLang } from './i18n.ts';

/** Escapes text for HTML element content and quoted attribute values. */
export const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A trusted HTML fragment (built from escaped parts). */
export interface Html {
  readonly __html: string;
}
export const raw = (s: string): Html => ({ __html: s });

/** Tagged template that escapes every interpolation except {@link Html} values and arrays of them. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return raw(out);
}
function render(v: unknown): string {
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  if (typeof v === 'object' && '__html' in (v as object)) return (v as Html).__html;
  return esc(v);
}

export interface PageContext {
  readonly lang: WebLang;
  readonly t: Strings;
  readonly req: FastifyRequest;
  /** The current path with `lang` swapped, for the language switch. */
  readonly otherLangHref: string;
  /** CSRF token for the page's forms (logout included). */
  readonly csrf: string;
}

export function pageContext(req: FastifyRequest, reply: FastifyReply): PageContext {
  const lang = langOf(req);
  const u = new URL(req.url, 'http://x');
  u.searchParams.set('lang', lang === 'it' ? 'en' : 'it');
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  // Remember an explicit choice, so links without ?lang= keep the language.
  if (q === 'it' || q === 'en') reply.setCookie('lang', q, { path: '/', sameSite: 'lax', httpOnly: true, secure: 'auto', maxAge: 365 * 86400 });
  return { lang, t: T[lang], req, otherLangHref: u.pathname + u.search, csrf: reply.generateCsrf() };
}

/** The page shell: header with navigation (operators' links for operators), main, footer. */
export function layout(ctx: PageContext, title: string, body: Html, opts: { refreshSeconds?: number } = {}): string {
  const { t, req } = ctx;
  const p = req.principal;
  const nav = p
    ? html`<nav aria-label="main"><a href="/">${t.catalogue}</a><a href="/entities">${t.entities}</a><a href="/releases">${t.releases}</a><a href="/briefs/new">${t.request}</a>${
        p.role === 'operator' ? html`<a href="/admin/releases">${t.operators}</a><a href="/admin/queues">${t.queues}</a>` : ''
      }</nav>`
    : html``;
  const who = p
    ? html`<form method="post" action="/logout" class="logout"><input type="hidden" name="_csrf" value="${ctx.csrf}"><span class="who">${p.name} · ${p.role}</span><button type="submit">${t.logout}</button></form>`
    : html``;
  return `<!doctype html>
<html lang="${ctx.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${opts.refreshSeconds ? `<meta http-equiv="refresh" content="${opts.refreshSeconds}">` : ''}
<title>${esc(title)} · ${esc(t.appName)}</title><link rel="stylesheet" href="/static/app.css"></head>
<body><header><div class="bar"><a class="brand" href="/">${esc(t.appName)}</a>${nav.__html}<div class="right"><a class="lang" href="${esc(ctx.otherLangHref)}">${esc(t.switchLang)}</a>${who.__html}</div></div></header>
<main><h1>${esc(title)}</h1>
${body.__html}
</main><footer>distretti · ${ctx.lang === 'it' ? 'dati ISTAT elaborati da Intesa Sanpaolo; i dati dell’editore di esempio sono modellati' : 'ISTAT data as published by Intesa Sanpaolo; sample-publisher data are modelled'}</footer></body></html>`;
}

export function sendPage(reply: FastifyReply, page: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(page);
}
