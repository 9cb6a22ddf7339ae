import { DistrettiError, FatalError, NotRetryableError, RetryableError } from '../../errors/distretti-error.ts';

/** A thrown value as it crosses a thread boundary (structured clone drops an Error's class and own fields). */
export interface WireError {
  readonly className: string;
  readonly message: string;
  readonly stack?: string;
  /** Own enumerable fields: code, context, disposition, findings, rawLabel, … */
  readonly fields: Record<string, unknown>;
  readonly disposition?: string;
}

/** A thread's answer to request `id`: its value, or the error it threw. */
export type WireReply<T> = { readonly id: number; readonly ok: true; readonly value: T } | { readonly id: number; readonly ok: false; readonly error: WireError };

/** Error classes a receiving thread rebuilds as themselves, by class name. */
export type KnownErrors = ReadonlyMap<string, { prototype: object }>;

export function toWire(e: unknown): WireError {
  if (e instanceof Error) {
    return {
      className: e.constructor.name,
      message: e.message,
      ...(e.stack ? { stack: e.stack } : {}),
      fields: JSON.parse(JSON.stringify({ ...e })) as Record<string, unknown>,
      ...(e instanceof DistrettiError ? { disposition: e.disposition } : {}),
    };
  }
  return { className: 'Error', message: String(e), fields: {} };
}

/** The {@link DistrettiError} classes among `values` (e.g. a module's exports), by name. */
export function knownErrors(values: Iterable<unknown>): KnownErrors {
  const out = new Map<string, { prototype: object }>();
  for (const v of values) {
    if (typeof v === 'function' && v.prototype instanceof DistrettiError) out.set(v.name, v as { prototype: object });
  }
  return out;
}

const BY_DISPOSITION: Readonly<Record<string, { prototype: object }>> = {
  retryable: RetryableError,
  'not-retryable': NotRetryableError,
  fatal: FatalError,
};

/**
 * Rebuilds an error thrown in another thread: same class when `known` has it (so `instanceof
 * LayoutDriftError` holds), code, message, context and stack. Built without calling the
 * constructor, whose signature the class owns; an unknown typed class falls back to its
 * disposition's base class, anything else to `Error` with the original name.
 */
export function fromWire(w: WireError, known: KnownErrors): Error {
  const cls = known.get(w.className) ?? (w.disposition ? BY_DISPOSITION[w.disposition] : undefined) ?? Error;
  const e = Object.create(cls.prototype) as Error & Record<string, unknown>;
  Object.assign(e, w.fields);
  Object.defineProperty(e, 'message', { value: w.message, writable: true, configurable: true });
  Object.defineProperty(e, 'name', { value: (w.fields.name as string | undefined) ?? w.className, writable: true, configurable: true });
  if (w.stack) Object.defineProperty(e, 'stack', { value: w.stack, writable: true, configurable: true });
  return e;
}
