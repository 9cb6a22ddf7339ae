/**
 * Failed-login limiter: after `max` failures from one client within `windowMs`, further
 * attempts are refused until the window passes. Only failures count, so a person who
 * logs in right is never slowed. In memory, per web process: enough to stop guessing
 * through one process; several processes behind a balancer multiply the budget.
 */
export interface LoginLimiter {
  /** Seconds until the client may try again; 0 when it may try now. */
  retryAfter(key: string): number;
  fail(key: string): void;
  succeed(key: string): void;
}

export function createLoginLimiter(opts: { max?: number; windowMs?: number; now?: () => number } = {}): LoginLimiter {
  const max = opts.max ?? 5;
  const windowMs = opts.windowMs ?? 15 * 60_000;
  const now = opts.now ?? Date.now;
  const failures = new Map<string, { count: number; resetAt: number }>();
  const current = (key: string) => {
    const f = failures.get(key);
    if (f && f.resetAt <= now()) {
      failures.delete(key);
      return undefined;
    }
    return f;
  };
  return {
    retryAfter(key) {
      const f = current(key);
      return f && f.count >= max ? Math.ceil((f.resetAt - now()) / 1000) : 0;
    },
    fail(key) {
      const f = current(key);
      if (f) f.count++;
      else failures.set(key, { count: 1, resetAt: now() + windowMs });
      // Bound memory under a spray of addresses: drop the oldest entries.
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
    },
    succeed(key) {
      failures.delete(key);
    },
  };
}
