import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { authenticateToken } from '../../access/tokens.ts';
import { closeSession, openSession, safeNext } from '../auth.ts';
import { WebError } from '../errors.ts';
import { html, layout, pageContext, sendPage, type PageContext } from '../html.ts';
import type { RouteDeps } from '../server.ts';
import { projectRoot } from '../../lib/project-root.ts';

const CSS = readFileSync(join(projectRoot(), 'src/web/static/app.css'));

function loginPage(ctx: PageContext, next: string, failed: string | null): string {
  const { t } = ctx;
  return layout(
    ctx,
    t.login,
    html`${failed ? html`<p class="notice error" role="alert">${failed}</p>` : ''}
<form method="post" action="/login" class="stack">
<input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="next" value="${next}">
<label>${t.token}<input type="password" name="token" autocomplete="current-password" required autofocus></label>
<p class="muted">${t.loginHelp}</p>
<button type="submit">${t.login}</button></form>`,
  );
}

export function registerLoginRoutes(app: FastifyInstance, d: RouteDeps): void {
  app.get('/static/app.css', { config: { access: 'public' } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );

  app.get<{ Querystring: { next?: string; lang?: string } }>(
    '/login',
    { config: { access: 'public' }, schema: { querystring: { type: 'object', properties: { next: { type: 'string', maxLength: 2000 }, lang: { enum: ['it', 'en'] } } } } },
    async (req, reply) => sendPage(reply, loginPage(pageContext(req, reply), safeNext(req.query.next), null)),
  );

  app.post<{ Body: { token?: string; next?: string; _csrf?: string } }>(
    '/login',
    {
      config: { access: 'public' },
      preValidation: app.csrfProtection,
      schema: { body: { type: 'object', properties: { token: { type: 'string', maxLength: 200 }, next: { type: 'string', maxLength: 2000 }, _csrf: { type: 'string' } } } },
    },
    async (req, reply) => {
      const key = req.ip;
      const wait = d.loginLimiter.retryAfter(key);
      if (wait > 0) throw new WebError('WEB_LOGIN_RATE_LIMITED', `too many failed logins; try again in ${wait} s`, { 'retry-after': String(wait) });
      const p = await authenticateToken(d.db, req.body.token ?? '');
      if (!p || p.role === 'metrics') {
        d.loginLimiter.fail(key);
        req.log.info({ ip: req.ip }, 'login failed');
        const ctx = pageContext(req, reply);
        return sendPage(reply.code(401), loginPage(ctx, safeNext(req.body.next), ctx.t.loginFailed));
      }
      d.loginLimiter.succeed(key);
      await openSession(d.db, reply, p, d.now);
      req.log.info({ token: p.name, role: p.role }, 'login');
      return reply.redirect(safeNext(req.body.next), 303);
    },
  );

  app.post('/logout', { config: { access: 'analyst' }, preValidation: app.csrfProtection }, async (req, reply) => {
    await closeSession(d.db, req, reply);
    return reply.redirect('/login', 303);
  });
}
