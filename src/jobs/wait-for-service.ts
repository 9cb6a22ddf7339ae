import type { Logger } from '../log.ts';
import { isDistrettiError } from '../errors/distretti-error.ts';
import { cancellableSleep } from '../lib/cancellation.ts';

const UNAVAILABLE = new Set(['DB_UNAVAILABLE', 'REDIS_UNAVAILABLE']);

/**
 * Calls `attempt` until it stops failing with `DB_UNAVAILABLE`/`REDIS_UNAVAILABLE`, for processes
 * that must outlive an outage (`worker`, `scheduler`). Backs off from 1 s to `maxDelayMs` and logs
 * on the 1st, 2nd, 4th, 8th… failure, so a night-long outage costs about a dozen lines.
 * Other errors propagate. Rejects with `JOB_CANCELLED` when `signal` aborts (SIGTERM while waiting).
 */
export async function untilAvailable<T>(
  what: string,
  attempt: () => Promise<T>,
  opts: { log: Logger; signal?: AbortSignal; maxDelayMs?: number },
): Promise<T> {
  const maxDelayMs = opts.maxDelayMs ?? 30_000;
  for (let n = 1; ; n++) {
    try {
      const value = await attempt();
      if (n > 1) opts.log.info({ attempts: n }, `${what} is reachable again`);
      return value;
    } catch (e) {
      if (!isDistrettiError(e) || !UNAVAILABLE.has(e.code)) throw e;
      const retryInMs = Math.min(1000 * 2 ** Math.min(n - 1, 10), maxDelayMs);
      if ((n & (n - 1)) === 0) opts.log.warn({ code: e.code, attempt: n, retryInMs }, `${e.message.split(';')[0]}; waiting for it`);
      await cancellableSleep(retryInMs, opts.signal);
    }
  }
}
