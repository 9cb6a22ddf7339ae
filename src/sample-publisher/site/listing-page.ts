import type { SiteDocument } from './documents.ts';
import { escapeHtml, pageShell } from './html.ts';
import { italianLongDate } from './italian-dates.ts';
import { encodePath } from './paths.ts';

/** Entries per listing page (listing contract). */
export const PAGE_SIZE = 10;

export interface ListingOptions {
  /** Render the alternative markup of the `listing-markup-changed` fault. */
  readonly markupChanged: boolean;
  /** Replace this document's PDF href with this URL (the `foreign-link` fault). */
  readonly foreignLink?: { readonly documentId: string; readonly href: string } | undefined;
}

/** Number of pages for `count` documents (at least 1, so an empty archive still has page 1). */
export function pageCount(count: number): number {
  return Math.max(1, Math.ceil(count / PAGE_SIZE));
}

/** The documents of page `page` (1-based) of a newest-first list. */
export function pageSlice<T>(docs: readonly T[], page: number): readonly T[] {
  return docs.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
}

function hrefFor(doc: SiteDocument, opts: ListingOptions): string {
  return opts.foreignLink?.documentId === doc.id ? opts.foreignLink.href : encodePath(doc.path);
}

/** One card exactly as the listing contract shows it. */
function card(doc: SiteDocument, opts: ListingOptions): string {
  return `<article class="research-card" data-doc-type="pdf">
  <h3 class="research-card__title">${escapeHtml(doc.title)}</h3>
  <p class="research-card__subtitle">${escapeHtml(doc.subtitle)}</p>
  <time class="research-card__date" datetime="${doc.publishedOn}">${italianLongDate(doc.publishedOn)}</time>
  <a class="research-card__download" href="${escapeHtml(hrefFor(doc, opts))}">Scarica PDF</a>
</article>`;
}

/**
 * The same content after a hypothetical site redesign: other class names, a list instead of
 * articles, no <time> element, a differently named pager. A crawler using the contract's
 * selectors finds no entries and must report layout drift instead of "nothing new".
 */
function redesignedTile(doc: SiteDocument, opts: ListingOptions): string {
  return `<li class="pub-tile">
  <div class="pub-tile__head"><span class="pub-tile__name">${escapeHtml(doc.title)}</span> <span class="pub-tile__edition">${escapeHtml(doc.subtitle)}</span></div>
  <div class="pub-tile__meta">Pubblicato il ${italianLongDate(doc.publishedOn)}</div>
  <a class="pub-tile__link" href="${escapeHtml(hrefFor(doc, opts))}">Download</a>
</li>`;
}

function pagination(page: number, pages: number, changed: boolean): string {
  if (changed) {
    const next = page < pages ? `<a class="pager-forward" href="?page=${page + 1}">Avanti &raquo;</a>` : '';
    return `<div class="pager">${next}</div>`;
  }
  const prev = page > 1 ? `<a class="pagination__prev" href="?page=${page - 1}" rel="prev">Precedente</a>` : '';
  const current = `<span class="pagination__current">Pagina ${page} di ${pages}</span>`;
  const next = page < pages ? `<a class="pagination__next" href="?page=${page + 1}" rel="next">Successiva</a>` : '';
  return `<nav class="pagination" aria-label="Paginazione">${prev}${current}${next}</nav>`;
}

/**
 * The archive page `page` of `pages` for the visible documents `docs` (already newest first).
 * Pure: the same inputs always give the same bytes, which keeps the ETag stable.
 */
export function renderListingPage(docs: readonly SiteDocument[], page: number, opts: ListingOptions): string {
  const pages = pageCount(docs.length);
  const slice = pageSlice(docs, page);
  const entries = opts.markupChanged
    ? `<ul class="publications-grid">\n${slice.map((d) => redesignedTile(d, opts)).join('\n')}\n</ul>`
    : `<section class="research-list">\n${slice.map((d) => card(d, opts)).join('\n')}\n</section>`;
  const body = `<h1>Ricerche e pubblicazioni</h1>
<p class="results-count">${docs.length} documenti</p>
${entries}
${pagination(page, pages, opts.markupChanged)}`;
  return pageShell({
    title: 'Ricerche e pubblicazioni',
    breadcrumb: 'Home &rsaquo; Research &rsaquo; Ricerche e pubblicazioni',
    body,
  });
}
