import { DistrettiError, FatalError, NotRetryableError, RetryableError } from '../../errors/distretti-error.ts';
import * as pdfErrors from '../pdf/errors/index.ts';

/** A thrown value as it crosses the worker boundary (structured clone drops an Error's own fields). */
export interface WireError {
  readonly className: string;
  readonly message: string;
  readonly stack?: string;
  /** Own enumerable fields: code, context, disposition, findings, rawLabel, … */
  readonly fields: Record<string, unknown>;
  readonly disposition?: string;
}

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

/** Every error class the extractor exports, by name: the worker's errors come back as themselves. */
const KNOWN: ReadonlyMap<string, { prototype: object }> = new Map(
  (Object.values(pdfErrors) as unknown[])
    .filter((v): v is { name: string; prototype: object } => typeof v === 'function' && v.prototype instanceof DistrettiError)
    .map((c) => [c.name, c]),
);

const BY_DISPOSITION: Readonly<Record<string, { prototype: object }>> = {
  retryable: RetryableError,
  'not-retryable': NotRetryableError,
  fatal: FatalError,
};

/**
 * Rebuilds the error a parse threw in the worker: same class (so `instanceof LayoutDriftError`
 * holds), code, message and context. Built without calling the constructor, whose signature the
 * class owns; an unknown typed class falls back to its disposition's base class.
 */
export function fromWire(w: WireError): Error {
  const cls = KNOWN.get(w.className) ?? (w.disposition ? BY_DISPOSITION[w.disposition] : undefined) ?? Error;
  const e = Object.create(cls.prototype) as Error & Record<string, unknown>;
  Object.assign(e, w.fields);
  Object.defineProperty(e, 'message', { value: w.message, writable: true, configurable: true });
  Object.defineProperty(e, 'name', { value: (w.fields.name as string | undefined) ?? w.className, writable: true, configurable: true });
  if (w.stack) Object.defineProperty(e, 'stack', { value: w.stack, writable: true, configurable: true });
  return e;
}
