import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPoliteClient, type PoliteClientOptions } from '../../src/extract/http/polite-client.ts';
import { Writable } from 'node:stream';
import { buildUserAgent } from '../../src/extract/http/from-config.ts';
import { createLogger, silentLogger } from '../../src/log.ts';
import { startLocalServer, tinyPdf, type LocalServer } from './http-local-server.ts';

const UA = 'distretti-test/0.1 (+mailto:ops@example.org)';

/** A virtual clock: sleep() advances it instantly and records what was asked. */
function fakeTime() {
  let t = 1_700_000_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

describe('polite HTTP client (real local server)', () => {
  let srv: LocalServer;
  beforeEach(async () => {
    srv = await startLocalServer();
    srv.route('/robots.txt', (_q, s) => s.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n'));
  });
  afterEach(async () => {
    await srv.close();
  });

  const client = (o: Partial<PoliteClientOptions> = {}) =>
    createPoliteClient({
      userAgent: UA,
      ratePerSecond: 1000,
      timeoutMs: 2000,
      retries: 3,
      maxBytes: 1_000_000,
      allowedHosts: [srv.host],
      log: silentLogger(),
      backoffBaseMs: 10,
      ...o,
    });

  it('sends an honest User-Agent and returns status, headers, body and content type', async () => {
    srv.route('/a.html', (_q, s) => s.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"v1"' }).end('<html>hi</html>'));
    const res = await client().get(`${srv.origin}/a.html`, { expect: 'html' });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('text/html');
    expect(res.headers.etag).toBe('"v1"');
    expect(res.body?.toString()).toBe('<html>hi</html>');
    expect(res.notModified).toBe(false);
    expect(srv.requests.find((r) => r.path === '/a.html')?.headers['user-agent']).toBe(UA);
  });

  it('refuses a dishonest User-Agent at construction', () => {
    expect(() => client({ userAgent: 'Mozilla/5.0' })).toThrow(/CONFIG|userAgent/);
  });

  it('spaces requests to one host by the configured rate (real timing)', async () => {
    srv.route('/x', (_q, s) => s.writeHead(200, { 'content-type': 'text/html' }).end('<p>x</p>'));
    const c = client({ ratePerSecond: 10 }); // 100 ms apart
    const t0 = performance.now();
    await Promise.all([1, 2, 3, 4].map(() => c.get(`${srv.origin}/x`)));
    const times = srv.requests.filter((r) => r.path === '/x').map((r) => r.at - t0);
    expect(times).toHaveLength(4);
    // robots.txt took slot 0; request i cannot reach the server before slot i+1. Load can delay
    // an arrival (shrinking the next gap) but never advance one, so check the lower bounds.
    times.forEach((at, i) => expect(at).toBeGreaterThanOrEqual((i + 1) * 100 - 2));
    expect(times[3]!).toBeLessThan(2000);
  });

  it('reads robots.txt once per host, honours Crawl-delay and refuses disallowed paths', async () => {
    srv.route('/robots.txt', (_q, s) =>
      s.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n'),
    );
    srv.route('/ok', (_q, s) => s.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>'));
    const time = fakeTime();
    const c = client({ ratePerSecond: 100, sleep: time.sleep, now: time.now });
    await c.get(`${srv.origin}/ok`);
    await c.get(`${srv.origin}/ok`);
    await expect(c.get(`${srv.origin}/private/secret.pdf`)).rejects.toMatchObject({ code: 'ROBOTS_DISALLOWED', disposition: 'not-retryable' });
    expect(srv.requests.filter((r) => r.path === '/robots.txt')).toHaveLength(1);
    expect(srv.requests.some((r) => r.path.startsWith('/private'))).toBe(false);
    // Crawl-delay 2 s replaced the 10 ms rate interval: each later request waited 2000 ms.
    expect(time.sleeps).toEqual([2000, 2000]);
  });

  it('readRobots reads robots.txt ahead of the first request; the Crawl-delay counts from that read', async () => {
    srv.route('/robots.txt', (_q, s) =>
      s.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n'),
    );
    srv.route('/ok', (_q, s) => s.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>'));
    const time = fakeTime();
    const c = client({ ratePerSecond: 100, sleep: time.sleep, now: time.now });
    await c.readRobots(`${srv.origin}/ok`);
    expect(srv.requests.map((r) => r.path)).toEqual(['/robots.txt']);
    await c.get(`${srv.origin}/ok`);
    await expect(c.get(`${srv.origin}/private/x.pdf`)).rejects.toMatchObject({ code: 'ROBOTS_DISALLOWED' });
    // Read once; the first page still waited the whole Crawl-delay after robots.txt.
    expect(srv.requests.map((r) => r.path)).toEqual(['/robots.txt', '/ok']);
    expect(time.sleeps).toEqual([2000]);
  });

  it('readRobots does not cache a failed read: the next request asks again', async () => {
    let n = 0;
    srv.route('/robots.txt', (_q, s) => (++n === 1 ? s.destroy() : s.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow:\n')));
    srv.route('/ok', (_q, s) => s.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>'));
    const c = client({ retries: 0 });
    await expect(c.readRobots(`${srv.origin}/ok`)).rejects.toMatchObject({ disposition: 'retryable' });
    expect((await c.get(`${srv.origin}/ok`)).status).toBe(200);
    expect(srv.requests.filter((r) => r.path === '/robots.txt')).toHaveLength(2);
  });

  it('retries 503 honouring Retry-After seconds, then succeeds', async () => {
    let n = 0;
    srv.route('/flaky', (_q, s) => {
      if (++n <= 2) return s.writeHead(503, { 'retry-after': '7' }).end('busy');
      s.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>');
    });
    const time = fakeTime();
    const res = await client({ sleep: time.sleep, now: time.now }).get(`${srv.origin}/flaky`);
    expect(res.status).toBe(200);
    expect(n).toBe(3);
    expect(time.sleeps.filter((ms) => ms >= 7000)).toHaveLength(2);
  });

  it('retries 429 with a Retry-After HTTP date and fails HTTP_THROTTLED when it never recovers', async () => {
    const time = fakeTime();
    srv.route('/throttled', (_q, s) => s.writeHead(429, { 'retry-after': new Date(time.now() + 5000).toUTCString() }).end());
    const err = await client({ retries: 2, sleep: time.sleep, now: time.now })
      .get(`${srv.origin}/throttled`)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HTTP_THROTTLED', disposition: 'retryable' });
    expect(srv.requests.filter((r) => r.path === '/throttled')).toHaveLength(3);
    // The first wait honours the date (~5 s, minus HTTP-date second rounding).
    const waits = time.sleeps.filter((ms) => ms > 100); // drop the 1 ms rate spacing
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(4000);
  });

  it('hands a long Retry-After to the queue instead of blocking', async () => {
    srv.route('/down', (_q, s) => s.writeHead(503, { 'retry-after': '3600' }).end());
    const err = await client().get(`${srv.origin}/down`).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HTTP_THROTTLED', retryAfterMs: 3_600_000 });
    expect(srv.requests.filter((r) => r.path === '/down')).toHaveLength(1);
  });

  it('uses exponential backoff with jitter on 5xx and gives up with HTTP_SERVER_ERROR', async () => {
    srv.route('/broken', (_q, s) => s.writeHead(500).end());
    const time = fakeTime();
    const err = await client({ retries: 3, backoffBaseMs: 1000, random: () => 0.5, sleep: time.sleep, now: time.now })
      .get(`${srv.origin}/broken`)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HTTP_SERVER_ERROR', disposition: 'retryable' });
    // equal jitter: step/2 + 0.5·step/2 = 0.75·step for steps 1 s, 2 s, 4 s
    expect(time.sleeps.filter((ms) => ms > 100)).toEqual([750, 1500, 3000]);
  });

  it('times out a slow answer (HTTP_TIMEOUT, retryable) after retrying', async () => {
    srv.route('/slow', (_q, s) => {
      setTimeout(() => s.writeHead(200).end('late'), 1000).unref();
    });
    const started = performance.now();
    const err = await client({ timeoutMs: 150, retries: 1 }).get(`${srv.origin}/slow`).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HTTP_TIMEOUT', disposition: 'retryable' });
    expect(srv.requests.filter((r) => r.path === '/slow')).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('retries a refused connection as HTTP_NETWORK', async () => {
    const dead = await startLocalServer();
    const host = dead.host;
    await dead.close();
    const c = createPoliteClient({ userAgent: UA, ratePerSecond: 1000, timeoutMs: 1000, retries: 1, maxBytes: 1000, allowedHosts: [host], log: silentLogger(), backoffBaseMs: 5 });
    await expect(c.get(`http://${host}/x`)).rejects.toMatchObject({ code: 'HTTP_NETWORK', disposition: 'retryable' });
  });

  it('aborts bodies over the size cap, declared or streamed', async () => {
    srv.route('/declared', (_q, s) => s.writeHead(200, { 'content-length': '5000' }).end(Buffer.alloc(5000)));
    srv.route('/streamed', (_q, s) => {
      s.writeHead(200, { 'content-type': 'application/octet-stream' }); // chunked: no length
      for (let i = 0; i < 10; i++) s.write(Buffer.alloc(1000));
      s.end();
    });
    const c = client({ maxBytes: 4096 });
    await expect(c.get(`${srv.origin}/declared`)).rejects.toMatchObject({ code: 'HTTP_TOO_LARGE', context: { seenBytes: 5000 } });
    await expect(c.get(`${srv.origin}/streamed`)).rejects.toMatchObject({ code: 'HTTP_TOO_LARGE', disposition: 'not-retryable' });
  });

  it('refuses non-http schemes and other hosts, before any request', async () => {
    const c = client();
    await expect(c.get('file:///etc/passwd')).rejects.toMatchObject({ code: 'HTTP_FORBIDDEN_SCHEME' });
    await expect(c.get('data:text/html,hi')).rejects.toMatchObject({ code: 'HTTP_FORBIDDEN_SCHEME' });
    await expect(c.get('not a url')).rejects.toMatchObject({ code: 'HTTP_FORBIDDEN_SCHEME' });
    await expect(c.get('http://evil.example.invalid/x.pdf')).rejects.toMatchObject({ code: 'HTTP_FORBIDDEN_HOST' });
    expect(srv.requests).toHaveLength(0);
  });

  it('follows same-host redirects but refuses a redirect to another host or to file:', async () => {
    srv.route('/moved', (_q, s) => s.writeHead(301, { location: '/here' }).end());
    srv.route('/here', (_q, s) => s.writeHead(200, { 'content-type': 'text/html' }).end('<p>here</p>'));
    srv.route('/away', (_q, s) => s.writeHead(302, { location: 'http://evil.example.invalid/x.pdf' }).end());
    srv.route('/local', (_q, s) => s.writeHead(302, { location: 'file:///etc/passwd' }).end());
    const c = client();
    const ok = await c.get(`${srv.origin}/moved`);
    expect(ok.finalUrl).toBe(`${srv.origin}/here`);
    await expect(c.get(`${srv.origin}/away`)).rejects.toMatchObject({
      code: 'HTTP_FORBIDDEN_HOST',
      context: { url: 'http://evil.example.invalid/x.pdf', redirectedFrom: `${srv.origin}/away` },
    });
    await expect(c.get(`${srv.origin}/local`)).rejects.toMatchObject({ code: 'HTTP_FORBIDDEN_SCHEME' });
  });

  it('sends validators and reports 304 as notModified without a body', async () => {
    srv.route('/doc.pdf', (q, s) => {
      if (q.headers['if-none-match'] === '"abc"') return s.writeHead(304, { etag: '"abc"' }).end();
      s.writeHead(200, { 'content-type': 'application/pdf', etag: '"abc"', 'last-modified': 'Wed, 01 Jan 2025 00:00:00 GMT' }).end(tinyPdf());
    });
    const c = client();
    const first = await c.get(`${srv.origin}/doc.pdf`, { expect: 'pdf' });
    expect(first.status).toBe(200);
    const again = await c.get(`${srv.origin}/doc.pdf`, { expect: 'pdf', etag: '"abc"', lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' });
    expect(again).toMatchObject({ status: 304, notModified: true });
    expect(again.body).toBeUndefined();
    const sent = srv.requests.filter((r) => r.path === '/doc.pdf')[1]!.headers;
    expect(sent['if-modified-since']).toBe('Wed, 01 Jan 2025 00:00:00 GMT');
  });

  it('accepts the disclaimer gate once per host (redirect form) and never leaks the cookie into results', async () => {
    const gated = (id: string) => (q: import('node:http').IncomingMessage, s: import('node:http').ServerResponse) => {
      if ((q.headers.cookie ?? '').split(/;\s*/).includes(`${id}=accepted`)) {
        return s.writeHead(200, { 'content-type': 'application/pdf', 'set-cookie': 'session=s3cret' }).end(tinyPdf(id));
      }
      s.writeHead(302, { location: `/en/research/disclaimer/disclaimer?NEXT_URL=${id}` }).end();
    };
    srv.route('/d/one.pdf', gated('11111111-aaaa'));
    const c = client();
    const a = await c.get(`${srv.origin}/d/one.pdf`, { expect: 'pdf' });
    expect(a.body?.toString('latin1')).toContain('11111111-aaaa');
    expect(a.headers['set-cookie']).toBeUndefined();
    // The disclaimer page itself is never requested: the redirect names the gate.
    expect(srv.requests.some((r) => r.path.includes('disclaimer'))).toBe(false);
    // Second fetch of the same document: the accepted cookie is sent straight away.
    const before = srv.requests.length;
    await c.get(`${srv.origin}/d/one.pdf`, { expect: 'pdf' });
    expect(srv.requests.length - before).toBe(1);
  });

  it('accepts a gate served as an HTML page linking to the disclaimer', async () => {
    srv.route('/d/two.pdf', (q, s) => {
      if ((q.headers.cookie ?? '').includes('gate-2=accepted')) return s.writeHead(200, { 'content-type': 'application/pdf' }).end(tinyPdf());
      s.writeHead(200, { 'content-type': 'text/html' }).end('<a href="/en/research/disclaimer/disclaimer?NEXT_URL=gate-2">Accetto</a>');
    });
    const res = await client().get(`${srv.origin}/d/two.pdf`, { expect: 'pdf' });
    expect(res.contentType).toBe('application/pdf');
  });

  it('fails HTTP_GATE_UNRESOLVED when the gate returns after accepting it', async () => {
    srv.route('/d/stuck.pdf', (_q, s) => s.writeHead(302, { location: '/en/research/disclaimer/disclaimer?NEXT_URL=stuck' }).end());
    await expect(client().get(`${srv.origin}/d/stuck.pdf`, { expect: 'pdf' })).rejects.toMatchObject({ code: 'HTTP_GATE_UNRESOLVED' });
  });

  it('detects HTML (or any non-PDF) where a PDF was expected', async () => {
    srv.route('/err.pdf', (_q, s) => s.writeHead(200, { 'content-type': 'text/html' }).end('<html><h1>Errore</h1></html>'));
    srv.route('/mislabelled.pdf', (_q, s) => s.writeHead(200, { 'content-type': 'application/pdf' }).end('<html>oops</html>'));
    srv.route('/cut.pdf', (_q, s) => s.writeHead(200, { 'content-type': 'application/pdf' }).end(tinyPdf().subarray(0, 20)));
    const c = client();
    await expect(c.get(`${srv.origin}/err.pdf`, { expect: 'pdf' })).rejects.toMatchObject({ code: 'EXTRACT_NOT_A_PDF', disposition: 'not-retryable' });
    await expect(c.get(`${srv.origin}/mislabelled.pdf`, { expect: 'pdf' })).rejects.toMatchObject({ code: 'EXTRACT_NOT_A_PDF' });
    await expect(c.get(`${srv.origin}/cut.pdf`, { expect: 'pdf' })).rejects.toMatchObject({ code: 'EXTRACT_PDF_TRUNCATED' });
  });

  it('maps 404 to HTTP_NOT_FOUND and 403 to HTTP_CLIENT_ERROR without retrying', async () => {
    srv.route('/forbidden', (_q, s) => s.writeHead(403).end());
    const c = client();
    await expect(c.get(`${srv.origin}/missing`)).rejects.toMatchObject({ code: 'HTTP_NOT_FOUND', disposition: 'not-retryable' });
    await expect(c.get(`${srv.origin}/forbidden`)).rejects.toMatchObject({ code: 'HTTP_CLIENT_ERROR' });
    expect(srv.requests.filter((r) => r.path === '/missing')).toHaveLength(1);
  });

  it('never writes cookies or gate ids to the log, even at trace level', async () => {
    let logged = '';
    const sink = new Writable({ write: (c, _e, cb) => ((logged += String(c)), cb()) });
    const log = createLogger({ level: 'trace', destination: sink });
    srv.route('/d/secret.pdf', (q, s) => {
      if ((q.headers.cookie ?? '').includes('gate-77c1=accepted')) {
        return s.writeHead(200, { 'content-type': 'application/pdf', 'set-cookie': 'sid=topsecret' }).end(tinyPdf());
      }
      s.writeHead(302, { location: '/en/research/disclaimer/disclaimer?NEXT_URL=gate-77c1' }).end();
    });
    await client({ log }).get(`${srv.origin}/d/secret.pdf`, { expect: 'pdf' });
    expect(logged).toContain('accepted the download disclaimer');
    expect(logged).not.toContain('gate-77c1');
    expect(logged).not.toContain('topsecret');
  });

  it('builds a User-Agent the client accepts', () => {
    expect(buildUserAgent('ops@example.org', '0.1.0')).toBe('distretti/0.1.0 (+mailto:ops@example.org; research-data crawler, polite)');
    expect(() => client({ userAgent: buildUserAgent('https://example.org/contact', '0.1.0') })).not.toThrow();
  });
});
