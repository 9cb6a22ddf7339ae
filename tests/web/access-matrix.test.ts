import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startWebFixture, type WebFixture } from './web-fixture.ts';
import { registeredRoutes } from '../../src/web/server.ts';

/**
 * Issue 11 item 5: every route × (anonymous, analyst, operator, revoked token, metrics token)
 * gets the right status. Form posts carry no CSRF token here: an allowed caller gets past
 * access control and is stopped by CSRF (403 WEB_CSRF_INVALID), a refused one by access (403 WEB_FORBIDDEN).
 */
type Who = 'anonymous' | 'analyst' | 'operator' | 'revoked' | 'metrics';
type Kind = 'public' | 'page' | 'api' | 'operator-page' | 'metrics' | 'form' | 'operator-form';
interface Route {
  method: 'GET' | 'POST';
  url: (w: WebFixture) => string;
  kind: Kind;
  ok?: number;
  body?: unknown;
}

const ROUTES: Route[] = [
  { method: 'GET', url: () => '/healthz', kind: 'public' },
  { method: 'GET', url: () => '/login', kind: 'public' },
  { method: 'POST', url: () => '/login', kind: 'public', ok: 403 },
  { method: 'GET', url: () => '/static/app.css', kind: 'public' },
  { method: 'GET', url: () => '/', kind: 'page' },
  { method: 'GET', url: () => '/?entity=biomedicale-mirandola&period=2025Q1&language=it', kind: 'page' },
  { method: 'GET', url: () => '/entities', kind: 'page' },
  { method: 'GET', url: () => '/entities/biomedicale-mirandola', kind: 'page' },
  { method: 'GET', url: () => '/releases', kind: 'page' },
  { method: 'GET', url: (w) => `/releases/${w.quarantinedId}`, kind: 'page' },
  { method: 'GET', url: () => '/briefs/new', kind: 'page' },
  { method: 'GET', url: (w) => `/briefs/${w.briefs.it}.pdf`, kind: 'page' },
  { method: 'GET', url: (w) => `/briefs/${w.briefs.it}.csv`, kind: 'page' },
  { method: 'GET', url: (w) => `/briefs/requests/b-${w.briefs.it}`, kind: 'page' },
  { method: 'POST', url: () => '/briefs/new', kind: 'form' },
  { method: 'POST', url: () => '/logout', kind: 'form' },
  { method: 'GET', url: () => '/api/openapi.json', kind: 'api' },
  { method: 'GET', url: () => '/api/entities', kind: 'api' },
  { method: 'GET', url: () => '/api/entities/biomedicale-mirandola/series?as_of=2025-07-31', kind: 'api' },
  { method: 'GET', url: () => '/api/entities/biomedicale-mirandola/revisions?period=2024Q4', kind: 'api' },
  { method: 'GET', url: () => '/api/entities/biomedicale-mirandola/lineage?period=2025Q1', kind: 'api' },
  { method: 'GET', url: () => '/api/releases', kind: 'api' },
  { method: 'GET', url: (w) => `/api/releases/${w.quarantinedId}`, kind: 'api' },
  { method: 'GET', url: () => '/api/briefs', kind: 'api' },
  { method: 'POST', url: () => '/api/briefs', kind: 'api', body: { entity: 'biomedicale-mirandola', period: '2025Q1', language: 'it' } },
  { method: 'GET', url: (w) => `/api/briefs/requests/b-${w.briefs.en}`, kind: 'api' },
  { method: 'GET', url: () => '/metrics', kind: 'metrics' },
  { method: 'GET', url: () => '/admin/releases', kind: 'operator-page' },
  { method: 'POST', url: (w) => `/admin/releases/${w.quarantinedId}/reparse`, kind: 'operator-form' },
];

/** [status, error code when refused] */
function expected(r: Route, who: Who): [number, string?] {
  const kind = r.kind;
  if (kind === 'public') return r.ok === 403 ? [403, 'WEB_CSRF_INVALID'] : [200];
  const api = kind === 'api' || kind === 'metrics';
  if (who === 'anonymous') return api ? [401, 'WEB_UNAUTHENTICATED'] : [302];
  if (who === 'revoked') return [401, 'WEB_UNAUTHENTICATED'];
  const allowed =
    kind === 'metrics' ? who === 'operator' || who === 'metrics' : kind.startsWith('operator') ? who === 'operator' : who === 'analyst' || who === 'operator';
  if (!allowed) return [403, 'WEB_FORBIDDEN'];
  if (kind === 'form' || kind === 'operator-form') return [403, 'WEB_CSRF_INVALID'];
  return [200];
}

let w: WebFixture;
beforeAll(async () => {
  w = await startWebFixture();
}, 60_000);
afterAll(async () => {
  await w?.close();
});

describe('access matrix', () => {
  const whos: Who[] = ['anonymous', 'analyst', 'operator', 'revoked', 'metrics'];
  for (const r of ROUTES) {
    it(`${r.method} ${r.url({ quarantinedId: 3, briefs: { it: 1, en: 2 } } as WebFixture)} (${r.kind})`, async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const who of whos) {
        const headers = who === 'anonymous' ? {} : bearer(w.tokens[who]);
        const res = await w.app.inject({ method: r.method, url: r.url(w), headers, ...(r.body ? { payload: r.body as object } : {}) });
        const [status, code] = expected(r, who);
        const gotCode = res.statusCode >= 400 && String(res.headers['content-type'] ?? '').includes('json') ? (res.json() as { error?: { code?: string } }).error?.code : undefined;
        got.push(`${who}:${res.statusCode}${code && gotCode ? ` ${gotCode}` : ''}`);
        want.push(`${who}:${status}${code && gotCode ? ` ${code}` : ''}`);
        if (status === 302) expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(r.url(w))}`);
        if (status === 401 && (r.kind === 'api' || r.kind === 'metrics')) expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
        if (code && !gotCode) expect(res.body, `${who} on ${r.url(w)}`).toContain(code);
      }
      expect(got).toEqual(want);
    });
  }

  it('covers every route the server registered', () => {
    // Bull Board's routes (only with a queue) are checked in queue-web.test.ts.
    const registered = new Set(registeredRoutes(w.app).filter((r) => !r.includes('/admin/queues')));
    const pattern = (u: string) =>
      u
        .replace(/\?.*$/, '')
        .replace(/^\/briefs\/requests\/b-\d+$/, '/briefs/requests/:id')
        .replace(/^\/briefs\/\d+\.(pdf|csv)$/, '/briefs/:id.$1')
        .replace(/^\/api\/briefs\/requests\/b-\d+$/, '/api/briefs/requests/:id')
        .replace(/\/\d+(\/|$)/, '/:id$1')
        .replace(/^\/entities\/[a-z-]+$/, '/entities/:slug')
        .replace(/^\/api\/entities\/[a-z-]+\//, '/api/entities/:slug/');
    const tested = new Set(ROUTES.map((r) => `${r.method} ${pattern(r.url(w))}`));
    const untested = [...registered].filter((r) => !tested.has(r));
    expect(untested).toEqual([]);
  });
});
