/**
 * Whether a low-level error from `pg` or `ioredis` means "the server could not be reached or
 * the connection broke" (retry later) rather than "the request was wrong" (a bug or bad data).
 * Socket errno codes, pg's own connection messages and SQLSTATE class 08 / shutdown codes.
 */
export function isConnectionFailure(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || PG_UNAVAILABLE_STATES.has(code) || code.startsWith('08'))) return true;
  if (CONNECTION_MESSAGES.some((re) => re.test(e.message))) return true;
  // AggregateError (dual-stack connect) and wrapped causes.
  const inner = (e as { errors?: unknown[] }).errors;
  if (Array.isArray(inner) && inner.some(isConnectionFailure)) return true;
  return e.cause !== undefined && e.cause !== e && isConnectionFailure(e.cause);
}

/** A short reason for a one-line message: the errno code, or the first line of the message. */
export function connectionFailureReason(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return code;
  const inner = (e as { errors?: unknown[] }).errors;
  if (Array.isArray(inner) && inner[0] instanceof Error) return connectionFailureReason(inner[0]);
  return (e.message.split('\n')[0] ?? '').slice(0, 200) || e.name;
}

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
const PG_UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

const CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
  /^Connection is closed\.?$/,
  /Stream isn't writeable/,
];
