import { AsyncLocalStorage } from 'node:async_hooks';
import { JobCancelledError } from '../errors/job-cancelled-error.ts';

/**
 * The cancellation signal of the job being run, carried through async calls so the HTTP client
 * and the listing walk can stop early without every stage signature growing a parameter
 * (issue 10: SIGTERM during discovery took 31 s because nothing below the worker could be told
 * to stop). Outside a job there is no signal and every check is a no-op.
 */
const storage = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` with `signal` as the current cancellation signal. */
export function runCancellable<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  return signal ? storage.run(signal, fn) : fn();
}

/** The signal of the job being run, if any. */
export function currentSignal(): AbortSignal | undefined {
  return storage.getStore();
}

/** Throws {@link JobCancelledError} when the current job was cancelled. Call between steps. */
export function throwIfCancelled(signal: AbortSignal | undefined = currentSignal()): void {
  if (signal?.aborted) throw new JobCancelledError(reasonOf(signal));
}

/** `setTimeout` as a promise that rejects with {@link JobCancelledError} as soon as the job is cancelled. */
export function cancellableSleep(ms: number, signal: AbortSignal | undefined = currentSignal()): Promise<void> {
  throwIfCancelled(signal);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new JobCancelledError(reasonOf(signal!)));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function reasonOf(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  if (typeof r === 'string') return r;
  if (r instanceof Error && r.name !== 'AbortError') return r.message;
  return 'cancelled';
}
