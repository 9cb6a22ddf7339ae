import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Archive, SiteDocument } from './documents.ts';
import type { FaultSwitch } from './faults.ts';
import type { PdfStore } from './pdf-store.ts';
import { renderDisclaimerPage } from './disclaimer-page.ts';
import { gateAccepted } from './gate.ts';
import { errorPage } from './html.ts';
import { httpDate, isNotModified, strongEtag } from './http-cache.ts';
import { isoDateToUtc } from './italian-dates.ts';
import { pageCount, renderListingPage } from './listing-page.ts';
import {
  DISCLAIMER_ACCEPT_PATH, DISCLAIMER_PATH, FOREIGN_PDF_URL, LISTING_PATH, PDF_PREFIX, ROBOTS_PATH,
  decodePath, encodePath,
} from './paths.ts';

/** One request as the site saw it: what tests inspect to check a crawler's politeness. */
export interface RequestRecord {
  readonly method: string;
  /** The request target as sent (still percent-encoded, with query). */
  readonly path: string;
  /** Request headers; `cookie` is replaced by "[redacted]". */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Arrival time, ms since the epoch. */
  readonly time: number;
  /** Status answered; undefined while the answer is pending (e.g. during a `slow` delay) or if the client left first. */
  readonly status: number | undefined;
}

/** Everything the handler reads; owned by the running publisher. */
export interface SiteContext {
  readonly archive: Archive;
  readonly pdfs: PdfStore;
  readonly faults: FaultSwitch;
  readonly log: Logger;
  /** Declared in robots.txt. */
  readonly crawlDelaySeconds: number;
  asOf(): string;
  /** Called once per request on arrival; returns a setter for the answered status. */
  record(r: Omit<RequestRecord, 'status'>): (status: number) => void;
}

/** The site's robots.txt; the crawl delay is a setting so `run --sample` can ask for a short one. */
export function robotsTxt(crawlDelaySeconds: number): string {
  return `User-agent: *\nDisallow: /private/\nCrawl-delay: ${crawlDelaySeconds}\n`;
}
const HTML = 'text/html; charset=utf-8';

function redactHeaders(h: IncomingHttpHeaders): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = { ...h };
  if (out.cookie !== undefined) out.cookie = '[redacted]';
  return out;
}

interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly setStatus: (status: number) => void;
}

/** Writes an answer (no body for HEAD or 304); a socket closed meanwhile is left alone. */
function send(x: Exchange, status: number, headers: Record<string, string | number>, body?: Buffer | string): void {
  if (x.res.destroyed || x.res.headersSent) return;
  x.setStatus(status);
  const bytes = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const h: Record<string, string | number> = { ...headers };
  if (bytes !== undefined) h['Content-Length'] = bytes.length;
  x.res.writeHead(status, h);
  if (bytes === undefined || x.req.method === 'HEAD' || status === 304) x.res.end();
  else x.res.end(bytes);
}

/** A 200 with a strong ETag (and Last-Modified when known), or 304 when the client's copy is current. */
function sendCacheable(x: Exchange, type: string, body: Buffer | string, lastModified?: Date, extra: Record<string, string> = {}): void {
  const etag = strongEtag(body);
  const validators: Record<string, string> = { ETag: etag };
  if (lastModified) validators['Last-Modified'] = httpDate(lastModified);
  if (isNotModified(x.req.headers, { etag, lastModified })) {
    send(x, 304, { ...validators, ...extra });
    return;
  }
  send(x, 200, { 'Content-Type': type, ...validators, 'Cache-Control': 'no-cache', ...extra }, body);
}

function notFound(x: Exchange): void {
  send(x, 404, { 'Content-Type': HTML }, errorPage(404, 'Pagina non trovata', 'La pagina richiesta non esiste o non è più disponibile.'));
}

/** `page` query: absent → 1; anything but a positive integer → undefined (answered 404). */
function parsePage(search: URLSearchParams): number | undefined {
  const raw = search.get('page');
  if (raw === null) return 1;
  return /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : undefined;
}

function serveListing(ctx: SiteContext, x: Exchange, search: URLSearchParams, rawPath: string, decoded: string): void {
  const page = parsePage(search);
  const docs = ctx.archive.visible(ctx.asOf());
  if (page === undefined || page > pageCount(docs.length)) return notFound(x);
  const foreign = ctx.faults.active('foreign-link', rawPath, decoded) ? ctx.archive.newestRelease(ctx.asOf()) : undefined;
  const html = renderListingPage(docs, page, {
    markupChanged: ctx.faults.active('listing-markup-changed', rawPath, decoded) !== undefined,
    foreignLink: foreign ? { documentId: foreign.id, href: FOREIGN_PDF_URL } : undefined,
  });
  // Any new document reshuffles every page, so the newest visible date dates them all.
  const newest = docs[0];
  sendCacheable(x, HTML, html, newest ? isoDateToUtc(newest.publishedOn) : undefined);
}

function visibleByGate(ctx: SiteContext, search: URLSearchParams): SiteDocument | undefined {
  const id = search.get('NEXT_URL');
  const doc = id === null ? undefined : ctx.archive.byGateId(id);
  return doc && doc.publishedOn <= ctx.asOf() ? doc : undefined;
}

function serveDisclaimer(ctx: SiteContext, x: Exchange, search: URLSearchParams): void {
  const doc = visibleByGate(ctx, search);
  if (!doc) return notFound(x);
  sendCacheable(x, HTML, renderDisclaimerPage(doc));
}

function serveAccept(ctx: SiteContext, x: Exchange, search: URLSearchParams): void {
  const doc = visibleByGate(ctx, search);
  if (!doc) return notFound(x);
  send(x, 302, {
    Location: encodePath(doc.path),
    'Set-Cookie': `${doc.gateId}=accepted; Path=/; SameSite=Lax`,
    'Cache-Control': 'no-store',
  });
}

async function servePdf(ctx: SiteContext, x: Exchange, rawPath: string, pathname: string, decoded: string): Promise<void> {
  const asOf = ctx.asOf();
  const doc = ctx.archive.byPath(pathname);
  // The clock: a document not yet published does not exist.
  if (!doc || doc.publishedOn > asOf) return notFound(x);
  if (ctx.faults.active('html-instead-of-pdf', rawPath, decoded)) {
    const page = errorPage(200, 'Servizio momentaneamente non disponibile', 'Il documento non può essere visualizzato. Riprova più tardi.');
    return send(x, 200, { 'Content-Type': HTML, 'Cache-Control': 'no-store' }, page);
  }
  if (!gateAccepted(x.req.headers.cookie, doc.gateId)) {
    return send(x, 302, { Location: `${DISCLAIMER_PATH}?NEXT_URL=${doc.gateId}`, 'Cache-Control': 'no-store' });
  }
  const drifted = ctx.faults.active('drifted-release', rawPath, decoded) !== undefined && ctx.archive.newestRelease(asOf)?.id === doc.id;
  let bytes = await ctx.pdfs.get(doc, drifted ? 'drifted' : 'normal');
  if (ctx.faults.active('truncated-pdf', rawPath, decoded)) bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
  const fileName = doc.path.slice(doc.path.lastIndexOf('/') + 1);
  sendCacheable(x, 'application/pdf', bytes, isoDateToUtc(doc.publishedOn), {
    'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  });
}

/** Waits `ms`, or less if the client goes away (or the server closes its sockets). */
function delay(res: ServerResponse, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.on('close', done);
  });
}

async function route(ctx: SiteContext, x: Exchange): Promise<void> {
  const url = new URL(x.req.url ?? '/', 'http://sample.invalid');
  const rawPath = x.req.url ?? '/';
  const decodedPathname = decodePath(url.pathname);
  if (decodedPathname === undefined) {
    return send(x, 400, { 'Content-Type': HTML }, errorPage(400, 'Richiesta non valida', 'Indirizzo non valido.'));
  }
  const decoded = decodedPathname + url.search;

  if (x.req.method !== 'GET' && x.req.method !== 'HEAD') {
    return send(x, 405, { Allow: 'GET, HEAD', 'Content-Type': HTML }, errorPage(405, 'Metodo non consentito', 'Solo GET e HEAD.'));
  }
  const retryAfter = ctx.faults.takeUnavailable(rawPath, decoded);
  if (retryAfter !== undefined) {
    return send(x, 503, { 'Retry-After': String(retryAfter), 'Content-Type': HTML },
      errorPage(503, 'Servizio non disponibile', 'Il sito è in manutenzione. Riprova più tardi.'));
  }
  const slow = ctx.faults.active('slow', rawPath, decoded);
  if (slow) await delay(x.res, slow.delayMs);

  const p = decodedPathname;
  if (p === ROBOTS_PATH) return sendCacheable(x, 'text/plain; charset=utf-8', robotsTxt(ctx.crawlDelaySeconds));
  if (p === '/') return send(x, 302, { Location: LISTING_PATH });
  if (p === LISTING_PATH || p === `${LISTING_PATH}/`) return serveListing(ctx, x, url.searchParams, rawPath, decoded);
  if (p === DISCLAIMER_PATH) return serveDisclaimer(ctx, x, url.searchParams);
  if (p === DISCLAIMER_ACCEPT_PATH) return serveAccept(ctx, x, url.searchParams);
  if (p.startsWith(`${PDF_PREFIX}/`)) return servePdf(ctx, x, rawPath, p, decoded);
  return notFound(x);
}

/** The node:http request listener of the sample publisher's site. */
export function createSiteHandler(ctx: SiteContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const setStatus = ctx.record({ method: req.method ?? '', path: req.url ?? '', headers: redactHeaders(req.headers), time: Date.now() });
    const x: Exchange = { req, res, setStatus };
    route(ctx, x).then(
      () => ctx.log.debug({ method: req.method, path: req.url, status: res.statusCode }, 'sample publisher request'),
      (err: unknown) => {
        ctx.log.error({ err, method: req.method, path: req.url }, 'sample publisher: request failed');
        send(x, 500, { 'Content-Type': HTML }, errorPage(500, 'Errore interno', 'Errore inatteso del sample publisher.'));
      },
    );
  };
}
