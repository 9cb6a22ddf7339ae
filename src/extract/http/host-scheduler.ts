/**
 * Spaces requests to one host: consecutive slots are at least `intervalFor(host)` apart
 * (the configured rate, raised by robots.txt `Crawl-delay`), and never before a time a
 * 503/429 asked us to wait for. Slots are reserved synchronously, so concurrent callers
 * queue in order instead of racing; a raised interval applies to the very next slot.
 */
export interface HostScheduler {
  /** Waits until this host may be contacted again and reserves the slot. */
  acquire(host: string): Promise<void>;
  /** Raises the spacing for one host (never lowers it below the base rate). */
  setMinInterval(host: string, intervalMs: number): void;
  /** No request to `host` before `epochMs` (a Retry-After, a backoff). */
  deferUntil(host: string, epochMs: number): void;
  intervalFor(host: string): number;
}

export interface HostSchedulerOptions {
  baseIntervalMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** Creates a per-host scheduler; time and sleeping are injected so tests can run fast. */
export function createHostScheduler(opts: HostSchedulerOptions): HostScheduler {
  const lastSlot = new Map<string, number>();
  const notBefore = new Map<string, number>();
  const interval = new Map<string, number>();
  const intervalFor = (host: string) => interval.get(host) ?? opts.baseIntervalMs;
  return {
    async acquire(host) {
      const now = opts.now();
      const last = lastSlot.get(host);
      const slot = Math.max(now, last === undefined ? now : last + intervalFor(host), notBefore.get(host) ?? now);
      lastSlot.set(host, slot);
      if (slot > now) await opts.sleep(slot - now);
    },
    setMinInterval(host, intervalMs) {
      interval.set(host, Math.max(opts.baseIntervalMs, intervalMs));
    },
    deferUntil(host, epochMs) {
      notBefore.set(host, Math.max(notBefore.get(host) ?? 0, epochMs));
    },
    intervalFor,
  };
}
