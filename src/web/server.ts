import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import csrf from '@fastify/csrf-protection';
import swagger from '@fastify/swagger';
import type { Kysely } from 'kysely';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../log.ts';
import { registerAccessControl } from './auth.ts';
import { sendError, WebError } from './errors.ts';
import { errorPage } from './routes/pages.ts';
import { createLoginLimiter, type LoginLimiter } from './login-limiter.ts';
import type { BriefRequester } from './brief-requests.ts';
import type { OperatorActions } from './operator-actions.ts';
import { registerLoginRoutes } from './routes/login.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerPageRoutes } from './routes/pages.ts';
import { registerDownloadRoutes } from './routes/downloads.ts';
import { registerRequestRoutes } from './routes/requests.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerApiRoutes } from './routes/api.ts';

const ROUTES = new WeakMap<FastifyInstance, readonly string[]>();
/** Every `METHOD /path` the server registered (the access-matrix test checks it covers them all). */
export const registeredRoutes = (app: FastifyInstance): readonly string[] => ROUTES.get(app) ?? [];

/** Everything the web needs, passed in (the CLI's `web` command builds the real ones). */
export interface WebDeps {
  readonly db: Kysely<Database>;
  readonly log: Logger;
  readonly briefs: BriefRequester;
  readonly operator: OperatorActions;
  /** The pipeline queue (Bull Board, job metrics); null without Redis. */
  readonly queue?: Queue | null | undefined;
  /** Probed by /healthz; null without Redis. */
  readonly redis?: Redis | null | undefined;
  readonly now?: () => Date;
  /** Trust X-Forwarded-* from a reverse proxy (HTTPS termination): makes the session cookie Secure. */
  readonly trustProxy?: boolean | undefined;
  readonly loginLimiter?: LoginLimiter | undefined;
}

export interface RouteDeps extends Required<Pick<WebDeps, 'db' | 'log' | 'briefs' | 'operator'>> {
  readonly queue: Queue | null;
  readonly redis: Redis | null;
  readonly now: () => Date;
  readonly loginLimiter: LoginLimiter;
}

/**
 * The analysts' web (issue 11): catalogue, downloads, briefs on request, JSON API with its
 * OpenAPI document, access control by personal tokens, operators' pages, health and metrics.
 * A thin shell: queries in `db/queries`, rendering in `src/report`, jobs in `src/jobs`.
 */
export async function buildWebServer(deps: WebDeps): Promise<FastifyInstance> {
  // pino's Logger is fastify's logger type; the cast only bridges their declaration files.
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    trustProxy: deps.trustProxy ?? false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  const d: RouteDeps = {
    db: deps.db,
    log: deps.log,
    briefs: deps.briefs,
    operator: deps.operator,
    queue: deps.queue ?? null,
    redis: deps.redis ?? null,
    now: deps.now ?? (() => new Date()),
    loginLimiter: deps.loginLimiter ?? createLoginLimiter(),
  };

  const routes: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
  });
  ROUTES.set(app, routes);

  app.setErrorHandler((err, req, reply) => sendError(req, reply, err, errorPage));
  app.setNotFoundHandler((req, reply) => sendError(req, reply, new WebError('WEB_NOT_FOUND', `nothing at ${req.method} ${req.url.split('?')[0]}`), errorPage));

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        // Bull Board's UI is a bundled single-page app with inline styles; everything else is static.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'script-src': ["'self'"],
        'form-action': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
    // Downloads are opened by the browser's PDF viewer; no cross-origin embedding needed.
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(csrf, { sessionPlugin: '@fastify/cookie', cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'distretti data API',
        version: '1',
        description: 'Export figures of Italian industrial districts by vintage, releases, lineage and PDF briefs. Send Authorization: Bearer TOKEN.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearerAuth: [] }],
    },
    hideUntagged: true,
  });

  registerAccessControl(app, { db: d.db, now: d.now, refuse: (req, reply, err) => sendError(req, reply, err, errorPage) });
  registerLoginRoutes(app, d);
  registerHealthRoutes(app, d);
  registerPageRoutes(app, d);
  registerDownloadRoutes(app, d);
  registerRequestRoutes(app, d);
  registerApiRoutes(app, d);
  await registerAdminRoutes(app, d);
  return app;
}
