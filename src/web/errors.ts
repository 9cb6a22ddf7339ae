import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDistrettiError } from '../errors/distretti-error.ts';

/**
 * Every error code the web answers with, and its HTTP status (one greppable list, as
 * Fastify keeps `lib/errors.js`). Clients may rely on these codes; messages may change.
 */
export const WEB_ERROR_STATUS = {
  WEB_BAD_REQUEST: 400,
  WEB_UNAUTHENTICATED: 401,
  WEB_FORBIDDEN: 403,
  WEB_CSRF_INVALID: 403,
  WEB_NOT_FOUND: 404,
  WEB_UNPROCESSABLE: 422,
  WEB_LOGIN_RATE_LIMITED: 429,
  WEB_INTERNAL: 500,
  WEB_UNAVAILABLE: 503,
} as const;
export type WebErrorCode = keyof typeof WEB_ERROR_STATUS;

export class WebError extends Error {
  readonly status: number;
  constructor(
    readonly code: WebErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'WebError';
    this.status = WEB_ERROR_STATUS[code];
  }
}

export interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

/** Domain codes from the stages, kept as they are, with the status they mean over HTTP. */
function statusOfDomainCode(code: string): number {
  if (/NOT_FOUND|UNKNOWN|NO_DATA/.test(code)) return 404;
  if (/BAD_REQUEST|AMBIGUOUS|INVALID/.test(code)) return 400;
  return 422;
}

/**
 * Maps anything thrown to a status, a stable code and a message that is safe to show:
 * our own coded errors keep their message; anything else (a database error with its SQL
 * and SQLSTATE, a stack) is logged and answered with `WEB_INTERNAL` and the request id.
 */
export function toErrorBody(err: unknown, req: FastifyRequest): { status: number; body: ErrorBody; headers: Record<string, string> } {
  const requestId = String(req.id);
  if (err instanceof WebError) return { status: err.status, body: { error: { code: err.code, message: err.message, requestId } }, headers: err.headers };
  if (isDistrettiError(err)) {
    if (err.disposition === 'retryable') {
      return { status: 503, body: { error: { code: 'WEB_UNAVAILABLE', message: 'a service the web depends on is unavailable; try again shortly', requestId } }, headers: { 'retry-after': '5' } };
    }
    return { status: statusOfDomainCode(err.code), body: { error: { code: err.code, message: err.message, requestId } }, headers: {} };
  }
  const fe = err as Partial<FastifyError>;
  if (fe.validation) {
    return { status: 400, body: { error: { code: 'WEB_BAD_REQUEST', message: `invalid request: ${fe.message ?? 'validation failed'}`, requestId } }, headers: {} };
  }
  if (typeof fe.code === 'string' && fe.code.startsWith('FST_CSRF')) {
    return { status: 403, body: { error: { code: 'WEB_CSRF_INVALID', message: 'the form expired or did not come from this site; reload the page and submit again', requestId } }, headers: {} };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 && typeof fe.code === 'string' && fe.code.startsWith('FST_')) {
    // Fastify's own client errors (bad JSON, unsupported media type, body too large): no internals in them.
    return { status: fe.statusCode, body: { error: { code: 'WEB_BAD_REQUEST', message: fe.message ?? 'bad request', requestId } }, headers: {} };
  }
  return {
    status: 500,
    body: { error: { code: 'WEB_INTERNAL', message: `internal error; operators can find it in the log under request id ${requestId}`, requestId } },
    headers: {},
  };
}

/** True when the client should get JSON rather than a page. */
export function wantsJson(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || req.url === '/api' || req.url.startsWith('/metrics') || req.url.startsWith('/healthz');
}

export type ErrorPageRenderer = (req: FastifyRequest, status: number, body: ErrorBody) => string;

export function sendError(req: FastifyRequest, reply: FastifyReply, err: unknown, page: ErrorPageRenderer): FastifyReply {
  const { status, body, headers } = toErrorBody(err, req);
  if (status >= 500) req.log.error({ err, code: body.error.code }, 'request failed');
  else req.log.info({ code: body.error.code, status }, 'request refused');
  reply.code(status).headers(headers);
  if (wantsJson(req)) return reply.type('application/json; charset=utf-8').send(body);
  return reply.type('text/html; charset=utf-8').send(page(req, status, body));
}
