import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { bearer, DRIFT_REPORT, startWebFixture, type WebFixture } from './web-fixture.ts';
import { createToken } from '../../src/access/tokens.ts';
import { revokeToken } from '../../db/queries/access.ts';
import { parse as parseCsv } from 'csv-parse/sync';

let w: WebFixture;
beforeAll(async () => {
  w = await startWebFixture();
}, 60_000);
afterAll(async () => {
  await w?.close();
});

const asAnalyst = () => bearer(w.tokens.analyst);

/** Logs in through the form like a browser: GET the form (CSRF cookie + token), POST it. */
async function login(token: string, next = '/') {
  const form = await w.app.inject({ url: `/login?next=${encodeURIComponent(next)}` });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const csrfCookie = form.cookies.find((c) => c.name === '_csrf')!;
  const res = await w.app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: `_csrf=${csrfCookie.value}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token, next, _csrf: csrf }).toString(),
  });
  const session = res.cookies.find((c) => c.name === 'distretti_session');
  return { res, session, cookie: session ? `distretti_session=${session.value}; _csrf=${csrfCookie.value}` : '' };
}

describe('catalogue and pages', () => {
  it('lists briefs newest quarter first with the note and the data vintage, in Italian and English', async () => {
    const it = await w.app.inject({ url: '/', headers: asAnalyst() });
    expect(it.statusCode).toBe(200);
    expect(it.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(it.body).toContain('Brief disponibili');
    expect(it.body).toContain(`/briefs/${w.briefs.it}.pdf`);
    expect(it.body).toContain(`/briefs/${w.briefs.it}.csv`);
    expect(it.body).toContain('n. 69');
    expect(it.body).toContain('10 giu 2025'); // data cut-off of n. 69
    expect(it.body).toContain('1° trim. 2025');
    const en = await w.app.inject({ url: '/?lang=en', headers: asAnalyst() });
    expect(en.body).toContain('Available briefs');
    expect(en.body).toContain('Q1 2025');
    expect(en.cookies.find((c) => c.name === 'lang')?.value).toBe('en');
  });

  it('filters by entity, quarter and language, and rejects malformed filters', async () => {
    const en = await w.app.inject({ url: '/?entity=biomedicale-mirandola&period=2025Q1&language=en', headers: asAnalyst() });
    expect(en.body).toContain(`/briefs/${w.briefs.en}.pdf`);
    expect(en.body).not.toContain(`/briefs/${w.briefs.it}.pdf`);
    const none = await w.app.inject({ url: '/?period=2019Q1', headers: asAnalyst() });
    expect(none.body).toContain('Nessun brief corrisponde ai filtri.');
    for (const bad of ['/?period=2025Q5', '/?entity=Robert%27);DROP', '/?language=de']) {
      const r = await w.app.inject({ url: bad, headers: asAnalyst() });
      expect(r.statusCode, bad).toBe(400);
      expect(r.body).toContain('WEB_BAD_REQUEST');
    }
  });

  it('shows an entity with its latest figures, an inline SVG chart and its revisions', async () => {
    const r = await w.app.inject({ url: '/entities/biomedicale-mirandola?lang=en', headers: asAnalyst() });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<h1>Biomedicale di Mirandola</h1>');
    expect(r.body).toMatch(/<svg [^>]*role="img"/);
    expect(r.body).toContain('131.0'); // 2025Q1 level, one decimal
    // n. 68 printed 2024Q4 = 143, n. 69 revised it to 145.
    expect(r.body).toMatch(/Q4 2024<\/td><td data-label="Measure">exports \(€m\)<\/td>\s*<td class="num" data-label="First print">143\.0 <span class="muted">n\. 68<\/span>/);
    expect((await w.app.inject({ url: '/entities/no-such-thing', headers: asAnalyst() })).statusCode).toBe(404);
    expect((await w.app.inject({ url: '/entities/Bad_Slug', headers: asAnalyst() })).statusCode).toBe(400);
  });

  it('shows releases with their status, and the drift report of a quarantined one', async () => {
    const list = await w.app.inject({ url: '/releases', headers: asAnalyst() });
    expect(list.body).toContain('pubblicata');
    expect(list.body).toContain('in quarantena');
    const q = await w.app.inject({ url: `/releases/${w.quarantinedId}?lang=en`, headers: asAnalyst() });
    expect(q.body).toContain('Quarantine report');
    expect(q.body).toContain(DRIFT_REPORT.code);
    expect(q.body).toContain('Poli tecnologici ER');
    const ok = await w.app.inject({ url: `/releases/${w.fx.n69.id}?lang=en`, headers: asAnalyst() });
    expect(ok.body).not.toContain('Quarantine report');
  });

  it("shows a stored extractor warning with its own words on the release page (issue 9)", async () => {
    const detail = 'the text quotes +6,4% ("Distretti +6,4%") but no change read from the tables has that value';
    const [row] = await w.t.db
      .insertInto('validation_findings')
      .values({ release_id: w.fx.n69.id, rule: 'prose-figure-mismatch', severity: 'warning', message: 'the text quotes a % change that no table cell holds: 1 item', details: JSON.stringify({ count: 1, samples: [{ entity: '', page: 2, detail }] }) })
      .returning('id')
      .execute();
    try {
      const page = await w.app.inject({ url: `/releases/${w.fx.n69.id}?lang=en`, headers: asAnalyst() });
      expect(page.body).toContain('<code>prose-figure-mismatch</code>');
      expect(page.body).toContain('<small>p. 2: the text quotes +6,4% (&quot;Distretti +6,4%&quot;) but no change read from the tables has that value</small>');
    } finally {
      await w.t.db.deleteFrom('validation_findings').where('id', '=', row!.id).execute();
    }
  });
});

describe('downloads', () => {
  it('serves the PDF with type, file name, ETag and caching headers, and 304 on a matching If-None-Match', async () => {
    const r = await w.app.inject({ url: `/briefs/${w.briefs.it}.pdf`, headers: asAnalyst() });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toBe('attachment; filename="brief-biomedicale-mirandola-2025Q1-it.pdf"');
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { sha256 } = await w.t.db.selectFrom('briefs').select('sha256').where('id', '=', w.briefs.it).executeTakeFirstOrThrow();
    expect(r.headers.etag).toBe(`"${sha256}"`);
    expect(r.headers['cache-control']).toBe('private, no-cache');
    expect(r.headers['last-modified']).toMatch(/GMT$/);
    const again = await w.app.inject({ url: `/briefs/${w.briefs.it}.pdf`, headers: { ...asAnalyst(), 'if-none-match': `W/"x", "${sha256}"` } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('serves the data behind a brief as CSV, one row per figure it used', async () => {
    const r = await w.app.inject({ url: `/briefs/${w.briefs.en}.csv`, headers: asAnalyst() });
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="brief-biomedicale-mirandola-2025Q1-en-data.csv"');
    const rows = parseCsv(r.body, { columns: true }) as Array<Record<string, string>>;
    const used = await w.t.db.selectFrom('brief_observations').select(sql<number>`count(*)::int`.as('n')).where('brief_id', '=', w.briefs.en).executeTakeFirstOrThrow();
    expect(rows.length).toBe(used.n);
    expect(rows).toContainEqual(expect.objectContaining({ entity: 'Biomedicale di Mirandola', period: '2025Q1', metric: 'exports_meur', value: '131', note: 'n. 69' }));
    const etag = r.headers.etag as string;
    expect((await w.app.inject({ url: `/briefs/${w.briefs.en}.csv`, headers: { ...asAnalyst(), 'if-none-match': etag } })).statusCode).toBe(304);
  });

  it('parses path parameters strictly: /briefs/1abc.pdf is refused, not brief 1', async () => {
    for (const url of [`/briefs/${w.briefs.it}abc.pdf`, '/briefs/abc.pdf', '/briefs/0.pdf', '/briefs/-1.pdf', '/briefs/1e3.pdf', '/briefs/ 1.pdf', '/briefs/01.pdf', '/briefs/99999999999.pdf']) {
      const r = await w.app.inject({ url, headers: asAnalyst() });
      expect([400, 404], url).toContain(r.statusCode);
      expect(r.headers['content-type'], url).not.toBe('application/pdf');
    }
    expect((await w.app.inject({ url: '/briefs/999999.pdf', headers: asAnalyst() })).statusCode).toBe(404);
    expect((await w.app.inject({ url: '/api/releases/1abc', headers: asAnalyst() })).statusCode).toBe(400);
  });
});

describe('login, sessions and security', () => {
  it('logs in with a token into an HttpOnly SameSite=Lax session cookie, then logs out', async () => {
    const { res, session, cookie } = await login(w.tokens.analyst, '/entities');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/entities');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session!.secure).toBeFalsy(); // plain HTTP here; see the HTTPS case below
    const page = await w.app.inject({ url: '/', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ada · analyst');
    // The session id is stored hashed.
    const stored = await w.t.db.selectFrom('web_sessions').select('id_sha256').execute();
    expect(stored.map((s) => s.id_sha256)).not.toContain(session!.value);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const out = await w.app.inject({ method: 'POST', url: '/logout', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrf)}` });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/login');
    expect((await w.app.inject({ url: '/', headers: { cookie } })).statusCode).toBe(302);
  });

  it('marks the cookie Secure behind an HTTPS proxy when trustProxy is on', async () => {
    const { buildWebServer } = await import('../../src/web/server.ts');
    const { createBriefRequester } = await import('../../src/web/brief-requests.ts');
    const { createOperatorActions } = await import('../../src/web/operator-actions.ts');
    const { silentLogger } = await import('../../src/log.ts');
    const app = await buildWebServer({ db: w.t.db, log: silentLogger(), briefs: createBriefRequester({ db: w.t.db, log: silentLogger(), codeVersion: 'test' }), operator: createOperatorActions({}), trustProxy: true });
    try {
      const form = await app.inject({ url: '/login', headers: { 'x-forwarded-proto': 'https' } });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const c = form.cookies.find((x) => x.name === '_csrf')!;
      const res = await app.inject({
        method: 'POST',
        url: '/login',
        headers: { cookie: `_csrf=${c.value}`, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
        payload: new URLSearchParams({ token: w.tokens.analyst, _csrf: csrf }).toString(),
      });
      expect(res.cookies.find((x) => x.name === 'distretti_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    } finally {
      await app.close();
    }
  });

  it('expires a session after 12 hours', async () => {
    const { buildWebServer } = await import('../../src/web/server.ts');
    const { createBriefRequester } = await import('../../src/web/brief-requests.ts');
    const { createOperatorActions } = await import('../../src/web/operator-actions.ts');
    const { silentLogger } = await import('../../src/log.ts');
    const { cookie } = await login(w.tokens.analyst); // opened at the fixture's clock, 2026-01-01T00:00Z
    const at = (iso: string) =>
      buildWebServer({ db: w.t.db, log: silentLogger(), briefs: createBriefRequester({ db: w.t.db, log: silentLogger(), codeVersion: 'test' }), operator: createOperatorActions({}), now: () => new Date(iso) });
    const expired = '0'.repeat(64);
    await w.t.db.insertInto('web_sessions').values({ id_sha256: expired, token_id: (await w.t.db.selectFrom('access_tokens').select('id').where('name', '=', 'ada').executeTakeFirstOrThrow()).id, expires_at: '2025-12-31T00:00:00Z' }).execute();
    await login(w.tokens.analyst); // a login sweeps sessions that ran out
    expect(await w.t.db.selectFrom('web_sessions').select('id_sha256').where('id_sha256', '=', expired).execute()).toEqual([]);
    const before = await at('2026-01-01T11:59:00Z');
    const after = await at('2026-01-01T12:01:00Z');
    try {
      expect((await before.inject({ url: '/', headers: { cookie } })).statusCode).toBe(200);
      expect((await after.inject({ url: '/', headers: { cookie } })).statusCode).toBe(302);
    } finally {
      await before.close();
      await after.close();
    }
  });

  it('refuses a login form without its CSRF token, and a metrics token at the login form', async () => {
    const noCsrf = await w.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${w.tokens.analyst}` });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.body).toContain('WEB_CSRF_INVALID');
    expect((await login(w.tokens.metrics)).res.statusCode).toBe(401);
  });

  it('ends a session at once when its token is revoked', async () => {
    const { token } = await createToken(w.t.db, 'temp-analyst', 'analyst');
    const { cookie } = await login(token);
    expect((await w.app.inject({ url: '/', headers: { cookie } })).statusCode).toBe(200);
    expect((await w.app.inject({ url: '/api/entities', headers: bearer(token) })).statusCode).toBe(200);
    await revokeToken(w.t.db, 'temp-analyst');
    expect((await w.app.inject({ url: '/', headers: { cookie } })).statusCode).toBe(302);
    expect((await w.app.inject({ url: '/api/entities', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('rate-limits failed logins per client, with Retry-After', async () => {
    const ip = '203.0.113.7';
    const attempt = async (token: string) => {
      const form = await w.app.inject({ url: '/login', remoteAddress: ip });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const c = form.cookies.find((x) => x.name === '_csrf')!;
      return w.app.inject({
        method: 'POST',
        url: '/login',
        remoteAddress: ip,
        headers: { cookie: `_csrf=${c.value}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ token, _csrf: csrf }).toString(),
      });
    };
    for (let i = 0; i < 5; i++) expect((await attempt(`dst_${'0'.repeat(16)}_${'x'.repeat(43)}`)).statusCode).toBe(401);
    const limited = await attempt(w.tokens.analyst);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toContain('WEB_LOGIN_RATE_LIMITED');
    // Another client is not affected.
    expect((await login(w.tokens.analyst)).res.statusCode).toBe(303);
  });

  it('does not redirect after login to another site', async () => {
    expect((await login(w.tokens.analyst, '//evil.example/')).res.headers.location).toBe('/');
    expect((await login(w.tokens.analyst, 'https://evil.example/')).res.headers.location).toBe('/');
  });

  it('sends security headers on every response, the public ones included', async () => {
    for (const [url, headers] of [['/healthz', {}], ['/login', {}], ['/', asAnalyst()], ['/api/entities', asAnalyst()], ['/nope', {}]] as const) {
      const r = await w.app.inject({ url, headers });
      expect(r.headers['x-content-type-options'], url).toBe('nosniff');
      expect(r.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(r.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(r.headers['strict-transport-security'], url).toBeDefined();
    }
  });

  it('answers errors with a stable code and never SQL or a stack', async () => {
    // Break the database under the server: every query now fails with an SQL error.
    await sql`alter table briefs rename to briefs_away`.execute(w.t.db);
    try {
      const api = await w.app.inject({ url: '/api/briefs', headers: asAnalyst() });
      expect(api.statusCode).toBe(500);
      const body = api.json() as { error: { code: string; message: string; requestId: string } };
      expect(body.error.code).toBe('WEB_INTERNAL');
      expect(body.error.message).toContain(body.error.requestId);
      const page = await w.app.inject({ url: '/', headers: asAnalyst() });
      expect(page.statusCode).toBe(500);
      for (const text of [api.body, page.body]) {
        expect(text).not.toMatch(/briefs_away|relation|select|SQLSTATE|42P01|at .*\.ts:\d+/i);
      }
    } finally {
      await sql`alter table briefs_away rename to briefs`.execute(w.t.db);
    }
  });
});

describe('briefs on request and operators', () => {
  it('serves a brief rendered before at once, and renders a new one in-process, showing progress then the download', async () => {
    const again = await w.app.inject({ method: 'POST', url: '/api/briefs', headers: asAnalyst(), payload: { entity: 'biomedicale-mirandola', period: '2025Q1', language: 'it' } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ state: 'ready', briefId: w.briefs.it, pdf: `/briefs/${w.briefs.it}.pdf` });

    const fresh = await w.app.inject({ method: 'POST', url: '/api/briefs', headers: asAnalyst(), payload: { entity: 'biomedicale-bologna', period: '2024Q4', language: 'en' } });
    expect(fresh.statusCode).toBe(202);
    const { id, statusUrl } = fresh.json() as { id: string; statusUrl: string };
    expect(id).toMatch(/^p-/);
    let state: { state: string; briefId?: number } = { state: 'rendering' };
    for (let i = 0; i < 100 && state.state !== 'ready' && state.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await w.app.inject({ url: statusUrl, headers: asAnalyst() })).json();
    }
    expect(state.state).toBe('ready');
    const pdf = await w.app.inject({ url: `/briefs/${state.briefId}.pdf`, headers: asAnalyst() });
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="brief-biomedicale-bologna-2024Q4-en.pdf"');
    const page = await w.app.inject({ url: `/briefs/requests/${id}`, headers: asAnalyst() });
    expect(page.body).toContain(`/briefs/${state.briefId}.pdf`);
  });

  it('says why a request cannot be served (no data for that quarter)', async () => {
    const r = await w.app.inject({ method: 'POST', url: '/api/briefs', headers: asAnalyst(), payload: { entity: 'biomedicale-mirandola', period: '2010Q1', language: 'it' } });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ error: { code: 'REPORT_NO_DATA' } });
    expect((await w.app.inject({ method: 'POST', url: '/api/briefs', headers: asAnalyst(), payload: { entity: 'biomedicale-mirandola', period: '2025Q9', language: 'it' } })).statusCode).toBe(400);
  });

  it('lets an operator re-parse a quarantined release from the releases page (and not a loaded one)', async () => {
    const { cookie } = await login(w.tokens.operator);
    const page = await w.app.inject({ url: '/admin/releases?lang=en', headers: { cookie } });
    expect(page.body).toContain(`action="/admin/releases/${w.quarantinedId}/reparse"`);
    expect(page.body).not.toContain(`action="/admin/releases/${w.fx.n69.id}/reparse"`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const post = (id: number) =>
      w.app.inject({ method: 'POST', url: `/admin/releases/${id}/reparse`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrf)}` });
    const r = await post(w.quarantinedId);
    expect(r.statusCode).toBe(303);
    // The fixture's stored bytes are not a real PDF: the re-parse runs and says why it failed.
    const done = decodeURIComponent(String(r.headers.location).split('done=')[1]!);
    expect(done).toMatch(/^[A-Z_]+: /);
    expect((await post(w.fx.n69.id)).statusCode).toBe(422);
  });
});
