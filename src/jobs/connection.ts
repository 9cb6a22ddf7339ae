import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../log.ts';
import { RedisUnavailableError } from '../errors/service-unavailable-error.ts';
import { connectionFailureReason } from '../errors/connection-failure.ts';
import { createLogThrottle } from '../lib/throttle.ts';
import { untilAvailable } from './wait-for-service.ts';

/** How long a command waits for Redis before `REDIS_UNAVAILABLE`. */
export const REDIS_CONNECT_TIMEOUT_MS = 3000;

/**
 * A long-lived Redis connection as BullMQ wants it: workers block on Redis, so requests must
 * not time out (maxRetriesPerRequest: null, see BullMQ "going to production"), and it
 * reconnects forever. Client errors are logged at most once a minute (issue 10: an outage
 * printed hundreds of lines); without `log` they are dropped rather than crash the process.
 */
export function createRedisConnection(url: string, opts: { log?: Logger } = {}): Redis {
  const conn = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    // Reconnect with a growing pause (0.5 s … 10 s): fast after a blip, quiet in an outage.
    retryStrategy: (times) => Math.min(500 * 2 ** Math.min(times - 1, 5), 10_000),
  });
  const throttle = createLogThrottle(60_000);
  conn.on('error', (err: Error) => {
    const t = throttle('redis');
    if (t.pass) opts.log?.warn({ code: 'REDIS_CONNECTION_ERROR', reason: connectionFailureReason(err), suppressed: t.suppressed }, 'redis connection error; reconnecting');
  });
  return conn;
}

/**
 * A connection for a short command: it is ready when this resolves, or the call fails with
 * {@link RedisUnavailableError} within `timeoutMs`. It never reconnects: a command that loses
 * Redis halfway fails (exit 75) instead of hanging.
 */
export async function connectRedis(url: string, opts: { timeoutMs?: number } = {}): Promise<Redis> {
  const timeoutMs = opts.timeoutMs ?? REDIS_CONNECT_TIMEOUT_MS;
  const options: RedisOptions = {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  };
  const conn = new Redis(url, options);
  let lastError: unknown;
  conn.on('error', (err: unknown) => {
    lastError = err;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      conn.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return conn;
  } catch (e) {
    conn.disconnect();
    throw new RedisUnavailableError(url, connectionFailureReason(lastError ?? e), { cause: lastError ?? e });
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until Redis answers (see {@link untilAvailable}); for `worker` and `scheduler`. */
export async function waitForRedis(url: string, opts: { log: Logger; signal?: AbortSignal }): Promise<void> {
  await untilAvailable('redis', async () => (await connectRedis(url)).disconnect(), opts);
}
