import type {} from '@fastify/cookie';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { authenticateToken, sha256Hex, type AccessRole, type Principal } from '../access/tokens.ts';
import { deleteExpiredSessions, deleteSession, insertSession, sessionToken } from '../../db/queries/access.ts';
import { WebError } from './errors.ts';

/**
 * Who may call a route: `public` (health, login, static), `analyst` (analysts and operators),
 * `operator`, or `metrics` (operators and scrape tokens). Routes declare it in
 * `config.access`; routes registered by plugins (Bull Board) under `/admin` default to
 * `operator`, everything else to `analyst`, so a route that forgets is closed, not open.
 */
export type Access = 'public' | 'analyst' | 'operator' | 'metrics';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** SHA-256 of the session cookie's value, when the request came with a live session. */
    sessionHash: string | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

export const SESSION_COOKIE = 'distretti_session';
export const SESSION_TTL_MS = 12 * 3600_000;

const ALLOWED: Record<Exclude<Access, 'public'>, readonly AccessRole[]> = {
  analyst: ['analyst', 'operator'],
  operator: ['operator'],
  metrics: ['operator', 'metrics'],
};

export function requiredAccess(req: FastifyRequest): Access {
  const declared = req.routeOptions.config?.access;
  if (declared) return declared;
  return req.url.startsWith('/admin') ? 'operator' : 'analyst';
}

/** API-style clients get 401 JSON; browsers are sent to the login page. */
const isApiPath = (url: string) => url.startsWith('/api/') || url === '/api' || url.startsWith('/metrics');
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function resolvePrincipal(db: Kysely<Database>, req: FastifyRequest, now: () => Date): Promise<Principal | null> {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    const p = m ? await authenticateToken(db, m[1]!) : undefined;
    if (!p) throw new WebError('WEB_UNAUTHENTICATED', 'the bearer token is malformed, unknown or revoked', { 'www-authenticate': 'Bearer error="invalid_token"' });
    return p;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) return null;
  // Cookies ride along on cross-site requests: the API's state-changing calls need a Bearer token.
  if (isApiPath(req.url) && !SAFE_METHODS.has(req.method)) return null;
  const hash = sha256Hex(cookie);
  const t = await sessionToken(db, hash, now());
  if (!t) return null;
  req.sessionHash = hash;
  return { tokenId: t.id, name: t.name, role: t.role };
}

/** Adds `req.principal` and refuses requests the route's access does not allow. */
export function registerAccessControl(
  app: FastifyInstance,
  deps: {
    db: Kysely<Database>;
    now: () => Date;
    /** Answers a refusal. Sent from the hook rather than thrown: plugins (Bull Board) install their own error handlers. */
    refuse: (req: FastifyRequest, reply: FastifyReply, err: WebError) => FastifyReply;
  },
): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionHash', null);
  app.addHook('onRequest', async (req, reply) => {
    const access = requiredAccess(req);
    try {
      req.principal = await resolvePrincipal(deps.db, req, deps.now);
    } catch (e) {
      if (!(e instanceof WebError)) throw e;
      if (access !== 'public') return deps.refuse(req, reply, e);
      req.principal = null;
    }
    if (access === 'public') return;
    const p = req.principal;
    if (!p) {
      if (isApiPath(req.url)) {
        return deps.refuse(req, reply, new WebError('WEB_UNAUTHENTICATED', 'send Authorization: Bearer TOKEN (create one with `distretti tokens create`)', { 'www-authenticate': 'Bearer' }));
      }
      return redirectToLogin(req, reply);
    }
    if (!ALLOWED[access].includes(p.role)) {
      return deps.refuse(req, reply, new WebError('WEB_FORBIDDEN', `this needs the ${access === 'metrics' ? 'operator or metrics' : access} role; your token "${p.name}" is ${p.role}`));
    }
  });
}

function redirectToLogin(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const next = encodeURIComponent(req.url);
  return reply.redirect(`/login?next=${next}`, 302);
}

/** Only local paths, so the login form cannot be used as an open redirect. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/login') ? next : '/';
}

export async function openSession(db: Kysely<Database>, reply: FastifyReply, p: Principal, now: () => Date): Promise<void> {
  const id = randomBytes(32).toString('base64url');
  // Logins are rare: a good moment to drop sessions that have run out.
  await deleteExpiredSessions(db, now());
  await insertSession(db, { idSha256: sha256Hex(id), tokenId: p.tokenId, expiresAt: new Date(now().getTime() + SESSION_TTL_MS) });
  reply.setCookie(SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_TTL_MS / 1000 });
}

export async function closeSession(db: Kysely<Database>, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.sessionHash) await deleteSession(db, req.sessionHash);
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' });
}
