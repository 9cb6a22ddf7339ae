import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDistrettiError, type DistrettiError } from '../../src/errors/distretti-error.ts';
import { getAdapter } from '../../src/extract/adapters/index.ts';
import { discoverReleases } from '../../src/extract/discover.ts';
import { createPoliteClient } from '../../src/extract/http/index.ts';
import { createPdfSandbox, pdfLimitsFrom, type PdfParser } from '../../src/extract/pdf-sandbox/index.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import type { PipelineDeps } from '../../src/pipeline/deps.ts';
import { ingestFromUrl } from '../../src/pipeline/ingest.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { startLocalServer, type LocalServer } from '../extract/http-local-server.ts';
import { miniPdf, textPage } from './mini-pdf.ts';

const HINT = { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' };
const MAX_BYTES = 1024 * 1024;
const SECRET = 'hunter2-listing-password';

/**
 * Hostile listings and servers (issue 12) against a real node:http server and the real polite
 * client, through the pipeline's ingest: each ends in a typed error within its bounds, the
 * process goes on, nothing is loaded, and no credential reaches the log.
 */
describe('hostile servers and listings', () => {
  let srv: LocalServer;
  let t: TestDb;
  let deps: PipelineDeps;
  let pdf: PdfParser;
  const logged: string[] = [];
  const tally = { tried: 0, handled: 0 };

  beforeAll(async () => {
    srv = await startLocalServer();
    t = await createTestDb();
    pdf = createPdfSandbox(pdfLimitsFrom(loadConfig({})));
    const log = createLogger({
      level: 'debug',
      destination: new Writable({
        write(chunk, _e, cb) {
          logged.push(String(chunk));
          cb();
        },
      }),
    });
    const adapter = getAdapter('sample', { baseUrl: srv.origin });
    const http = createPoliteClient({
      userAgent: 'distretti-tests/0 (+mailto:tests@example.org)',
      ratePerSecond: 1000,
      timeoutMs: 1500,
      retries: 1,
      maxBytes: MAX_BYTES,
      allowedHosts: adapter.allowedHosts,
      log,
      backoffBaseMs: 10,
      backoffMaxMs: 50,
    });
    deps = { db: t.db, log, adapter, http, outDir: '/nonexistent', codeVersion: 'test', now: () => new Date(), pdf };
    srv.route('/robots.txt', (_q, s) => s.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n'));
  });
  afterAll(async () => {
    console.log(`hostile servers: ${tally.tried} inputs tried, ${tally.handled} handled`);
    await pdf?.close();
    await srv?.close();
    await t?.close();
  });

  const count = async (table: 'observations' | 'releases') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  async function expectHandled(url: string, codes: readonly string[], maxMs: number): Promise<DistrettiError> {
    tally.tried++;
    const started = performance.now();
    const err = await ingestFromUrl(deps, url, HINT).then(
      () => new Error('ingested without error'),
      (e: unknown) => e,
    );
    const ms = performance.now() - started;
    expect(isDistrettiError(err), String(err)).toBe(true);
    const e = err as DistrettiError;
    expect(codes).toContain(e.code);
    expect(ms).toBeLessThan(maxMs); // a bound on hostile input, not a benchmark: seconds, not days
    expect(await count('observations')).toBe(0);
    expect(await t.db.selectFrom('releases').select('id').where('status', '=', 'loaded').execute()).toEqual([]);
    tally.handled++;
    return e;
  }

  it('other hosts, file:, javascript:, data: — refused before any request', async () => {
    const before = srv.requests.length;
    await expectHandled('http://evil.example.invalid/monitor.pdf', ['HTTP_FORBIDDEN_HOST'], 5_000);
    await expectHandled('file:///etc/passwd', ['HTTP_FORBIDDEN_SCHEME'], 5_000);
    await expectHandled('javascript:alert(document.cookie)', ['HTTP_FORBIDDEN_SCHEME'], 5_000);
    await expectHandled('data:application/pdf;base64,JVBERi0xLjcK', ['HTTP_FORBIDDEN_SCHEME'], 5_000);
    expect(srv.requests.length).toBe(before);
  });

  it('a redirect loop, and a redirect to another host', async () => {
    srv.route('/loop-a.pdf', (_q, s) => s.writeHead(302, { location: '/loop-b.pdf' }).end());
    srv.route('/loop-b.pdf', (_q, s) => s.writeHead(302, { location: '/loop-a.pdf' }).end());
    srv.route('/away.pdf', (_q, s) => s.writeHead(301, { location: 'http://evil.example.invalid/x.pdf' }).end());
    await expectHandled(`${srv.origin}/loop-a.pdf`, ['HTTP_REDIRECT_INVALID'], 10_000);
    await expectHandled(`${srv.origin}/away.pdf`, ['HTTP_FORBIDDEN_HOST'], 10_000);
  });

  it('huge and endless bodies stop at DISTRETTI_HTTP_MAX_BYTES', async () => {
    srv.route('/huge.pdf', (_q, s) => {
      s.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(50 * 1024 ** 3) });
      s.write(Buffer.alloc(64 * 1024));
    });
    srv.route('/endless.pdf', (_q, s) => {
      s.writeHead(200, { 'content-type': 'application/pdf' });
      const chunk = Buffer.alloc(64 * 1024, 0x25);
      const pump = () => {
        while (!s.destroyed && s.write(chunk));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
    await expectHandled(`${srv.origin}/huge.pdf`, ['HTTP_TOO_LARGE'], 10_000);
    await expectHandled(`${srv.origin}/endless.pdf`, ['HTTP_TOO_LARGE'], 10_000);
  });

  it('a gzip bomb (Content-Encoding) is counted decompressed and stopped', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024), { level: 9 }); // ~200 KB on the wire
    srv.route('/gzip.pdf', (_q, s) => s.writeHead(200, { 'content-type': 'application/pdf', 'content-encoding': 'gzip' }).end(bomb));
    await expectHandled(`${srv.origin}/gzip.pdf`, ['HTTP_TOO_LARGE'], 10_000);
  });

  it('a lying Content-Length, shorter or longer than the body', async () => {
    const body = miniPdf([textPage(['x'])]);
    srv.route('/short.pdf', (q, s) => {
      s.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(body.length * 10) });
      s.end(body); // ends early: the connection closes with bytes missing
      q.socket.end();
    });
    srv.route('/long.pdf', (q, s) => {
      // a raw response whose declared length cuts the PDF before its %%EOF
      q.socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/pdf\r\ncontent-length: 40\r\nconnection: close\r\n\r\n${body.toString('latin1')}`);
    });
    await expectHandled(`${srv.origin}/short.pdf`, ['HTTP_NETWORK', 'HTTP_PDF_TRUNCATED'], 15_000);
    await expectHandled(`${srv.origin}/long.pdf`, ['HTTP_NETWORK', 'HTTP_PDF_TRUNCATED', 'EXTRACT_PDF_UNREADABLE'], 15_000);
  });

  it('a Retry-After of days is handed back to the queue at once, not slept on', async () => {
    srv.route('/busy.pdf', (_q, s) => s.writeHead(503, { 'retry-after': String(5 * 86_400) }).end());
    const e = await expectHandled(`${srv.origin}/busy.pdf`, ['HTTP_THROTTLED'], 5_000);
    expect(e.disposition).toBe('retryable');
    expect((e as DistrettiError & { retryAfterMs?: number }).retryAfterMs).toBeGreaterThanOrEqual(4 * 86_400_000);
  });

  it('HTML where the PDF should be, and a slow drip past the timeout', async () => {
    srv.route('/page.pdf', (_q, s) => s.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>Accetta i termini</p>'));
    srv.route('/drip.pdf', (_q, s) => {
      s.writeHead(200, { 'content-type': 'application/pdf' });
      const timer = setInterval(() => (s.destroyed ? clearInterval(timer) : s.write('%')), 200);
    });
    await expectHandled(`${srv.origin}/page.pdf`, ['EXTRACT_NOT_A_PDF'], 10_000);
    await expectHandled(`${srv.origin}/drip.pdf`, ['HTTP_TIMEOUT'], 15_000);
  });

  it('a link with a user and password: fetched, quarantined, and the credentials never logged', async () => {
    srv.route('/secret.pdf', (_q, s) => s.writeHead(200, { 'content-type': 'application/pdf' }).end(miniPdf([textPage(['Nessuna tabella'])])));
    const url = `http://lister:${SECRET}@${srv.host}/secret.pdf`;
    const e = await expectHandled(url, ['EXTRACT_LAYOUT_DRIFT'], 20_000);
    expect(e.message).not.toContain(SECRET);
    expect(await count('releases')).toBe(1); // the unreadable fetched document is findable: quarantined
    expect(logged.join('')).not.toContain(SECRET);
    expect(logged.join('')).toContain(`http://${srv.host}/secret.pdf`);
  });

  it('a listing of hostile links: only same-host http(s) links are followed, the rest reported', async () => {
    const card = (href: string) =>
      `<article class="research-card"><h3 class="research-card__title">Monitor dei Distretti dell'Emilia-Romagna</h3>` +
      `<p class="research-card__subtitle">Luglio 2025</p><time class="research-card__date" datetime="2025-07-20">20/07/2025</time>` +
      `<a class="research-card__download" href="${href}">PDF</a></article>`;
    const hostile = ['file:///etc/passwd', 'javascript:alert(1)', 'data:application/pdf;base64,JVBERi0=', 'http://evil.example.invalid/m.pdf', 'ftp://files.example/m.pdf'];
    srv.route('/it/research/ricerche-e-pubblicazioni', (_q, s) =>
      s.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><html><body><main>${hostile.map(card).join('')}</main></body></html>`),
    );
    tally.tried += hostile.length;
    const before = srv.requests.length;
    const r = await discoverReleases({ adapter: deps.adapter, client: deps.http, log: deps.log });
    expect(r.releases).toEqual([]);
    expect(r.foreignLinks.map((l) => l.href).sort()).toEqual([...hostile].sort());
    expect(srv.requests.slice(before).map((r) => r.path)).toEqual(['/it/research/ricerche-e-pubblicazioni']);
    tally.handled += hostile.length;
  });
});
