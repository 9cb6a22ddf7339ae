import { RetryableError } from './distretti-error.ts';
import { redactUrl } from '../config.ts';

/** Which backing service could not be reached. */
export type BackingService = 'database' | 'redis';

/**
 * PostgreSQL could not be reached or dropped the connection (`DB_UNAVAILABLE`). Transient:
 * the CLI exits 75 (EX_TEMPFAIL) so a supervisor retries later; a worker hands the job
 * back with a backoff and resumes by itself once the database answers again.
 */
export class DatabaseUnavailableError extends RetryableError {
  constructor(url: string | undefined, reason: string, options?: { cause?: unknown }) {
    super(
      'DB_UNAVAILABLE',
      `PostgreSQL at ${describeTarget(url)} is unavailable (${reason}); check that it is running and reachable, then try again.`,
      { service: 'database', target: describeTarget(url) },
      options,
    );
  }
}

/**
 * Redis could not be reached (`REDIS_UNAVAILABLE`). Transient, like {@link DatabaseUnavailableError}:
 * short commands exit 75; `worker` and `scheduler` wait for it with a backoff.
 */
export class RedisUnavailableError extends RetryableError {
  constructor(url: string | undefined, reason: string, options?: { cause?: unknown }) {
    super(
      'REDIS_UNAVAILABLE',
      `Redis at ${describeTarget(url)} is unavailable (${reason}); check that it is running and reachable, then try again.`,
      { service: 'redis', target: describeTarget(url) },
      options,
    );
  }
}

/** host:port/path of a connection URL with any credentials removed: safe for a one-line message. */
function describeTarget(url: string | undefined): string {
  if (!url) return '(unknown address)';
  const safe = redactUrl(url) ?? '';
  try {
    const u = new URL(safe);
    return `${u.host}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return safe;
  }
}
