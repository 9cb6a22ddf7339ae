import { FatalError } from '../../errors/distretti-error.ts';

/** Why a thread was released. */
export type ReleaseReason = 'idle' | 'asked';

export interface IdleReleaseOptions {
  /** A thread unused this long is released. @defaultValue {@link DEFAULT_THREAD_IDLE_MS} */
  readonly idleMs?: number;
  /** Told after each release (the library reports, the app logs). */
  readonly onRelease?: (reason: ReleaseReason) => void;
}

/**
 * 30 s: longer than the gap between two parses of one crawl (a publisher's crawl delay, twice for
 * a gated PDF), so a run keeps its thread, while a worker idle between runs gives it back.
 */
export const DEFAULT_THREAD_IDLE_MS = 30_000;

/** Tracks the uses of a lazily started thread and releases it when nothing uses it. */
export interface IdleRelease {
  /** Runs `fn` as one use of the thread: no release happens while a use is in flight. */
  use<T>(fn: () => Promise<T>): Promise<T>;
  /** Releases the thread now unless a use is in flight or it was not used since its last release. */
  releaseIfIdle(): Promise<boolean>;
  /** Stops the idle timer for good (the owner is closing the thread itself). */
  stop(): void;
}

/**
 * Releases a thread that its owner restarts on demand (the PDF sandbox and the render thread both
 * start theirs on the next use) once it has been idle for `idleMs`, or when asked and idle. A
 * worker kept its threads for its whole life: heap snapshots of a backfill showed the idle parse
 * thread holding ~45 MB (its V8 heap, ~24 MB of it live pdf.js code and data) through the render
 * stage, which started the render thread on top of it (issue 13).
 *
 * @example
 * const idle = createIdleRelease(() => sandbox.close(), { idleMs: 30_000 });
 * const extracted = await idle.use(() => sandbox.extract(bytes, opts));
 */
export function createIdleRelease(release: () => Promise<void>, opts: IdleReleaseOptions = {}): IdleRelease {
  const idleMs = opts.idleMs ?? DEFAULT_THREAD_IDLE_MS;
  if (!(idleMs > 0)) throw new FatalError('THREAD_IDLE_MS_INVALID', `a thread's idle time must be a positive number of milliseconds, got ${idleMs}`);
  let inFlight = 0;
  // Whether the thread may be alive: only a use starts it, so a release without one is a no-op.
  let used = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const clearTimer = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };

  async function releaseNow(reason: ReleaseReason): Promise<boolean> {
    clearTimer();
    if (inFlight > 0 || !used) return false;
    used = false;
    await release();
    opts.onRelease?.(reason);
    return true;
  }

  return {
    async use(fn) {
      clearTimer();
      inFlight++;
      used = true;
      try {
        return await fn();
      } finally {
        inFlight--;
        if (inFlight === 0 && !stopped) {
          // A timer must not keep the process alive: an idle worker exits on SIGTERM as before.
          timer = setTimeout(() => void releaseNow('idle').catch(() => undefined), idleMs);
          timer.unref();
        }
      }
    },
    releaseIfIdle: () => releaseNow('asked'),
    stop() {
      stopped = true;
      clearTimer();
    },
  };
}
