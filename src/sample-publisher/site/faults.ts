import { SamplePublisherOptionsError } from './errors.ts';

/** Limits a fault to requests whose path (raw or decoded, with query) contains this text. */
interface Scoped {
  readonly pathContains?: string;
}

/**
 * A deliberate misbehaviour of the site, switched on at run time so crawler tests can watch
 * the client cope. One at a time (`setFault` replaces the previous one).
 */
export type Fault =
  /** 503 with `Retry-After: retryAfterSeconds` for the next `requests` matching requests, then recovers. */
  | (Scoped & { readonly kind: 'unavailable'; readonly retryAfterSeconds: number; readonly requests: number })
  /** Every matching answer is delayed by `delayMs` before its headers are sent. */
  | (Scoped & { readonly kind: 'slow'; readonly delayMs: number })
  /** A PDF answer's body is cut in half (Content-Length honest for the cut body). */
  | (Scoped & { readonly kind: 'truncated-pdf' })
  /** A PDF URL answers 200 text/html (an error page), even with the gate cookie. */
  | (Scoped & { readonly kind: 'html-instead-of-pdf' })
  /** The newest visible release's PDF is rendered with the renderer's 'drifted' layout. */
  | (Scoped & { readonly kind: 'drifted-release' })
  /** The listing uses other class names and structure: the contract's selectors find nothing. */
  | (Scoped & { readonly kind: 'listing-markup-changed' })
  /** The newest release entry on a listing page links to an off-host URL. */
  | (Scoped & { readonly kind: 'foreign-link' });

export type FaultKind = Fault['kind'];

export const FAULT_KINDS: readonly FaultKind[] = [
  'unavailable', 'slow', 'truncated-pdf', 'html-instead-of-pdf',
  'drifted-release', 'listing-markup-changed', 'foreign-link',
];

function requireCount(name: string, v: unknown, min: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new SamplePublisherOptionsError(name, v, `an integer >= ${min}`);
  }
}

/** Rejects a malformed fault (it arrives from tests and possibly JSON). Returns a frozen copy. */
export function validateFault(f: Fault): Fault {
  if (!FAULT_KINDS.includes(f.kind)) {
    throw new SamplePublisherOptionsError('fault.kind', f.kind, `one of ${FAULT_KINDS.join(', ')}`);
  }
  if (f.pathContains !== undefined && (typeof f.pathContains !== 'string' || f.pathContains === '')) {
    throw new SamplePublisherOptionsError('fault.pathContains', f.pathContains, 'a non-empty string or nothing');
  }
  if (f.kind === 'unavailable') {
    requireCount('fault.retryAfterSeconds', f.retryAfterSeconds, 0);
    requireCount('fault.requests', f.requests, 1);
  }
  if (f.kind === 'slow') requireCount('fault.delayMs', f.delayMs, 0);
  return Object.freeze({ ...f });
}

/** Whether a fault applies to a request, given its raw and decoded paths (with query). */
export function faultApplies(f: Fault, rawPath: string, decodedPath: string): boolean {
  const s = f.pathContains;
  return s === undefined || rawPath.includes(s) || decodedPath.includes(s);
}

/**
 * The switchable fault plus the one piece of state a fault has: how many 503s remain.
 * Kept apart from the server so the counting rule is testable without sockets.
 */
export class FaultSwitch {
  #fault: Fault | null = null;
  #remaining = 0;

  set(f: Fault | null): void {
    this.#fault = f === null ? null : validateFault(f);
    this.#remaining = f?.kind === 'unavailable' ? f.requests : 0;
  }

  current(): Fault | null {
    return this.#fault;
  }

  /** The active fault of `kind` that applies to this request, if any. */
  active<K extends FaultKind>(kind: K, rawPath: string, decodedPath: string): Extract<Fault, { kind: K }> | undefined {
    const f = this.#fault;
    if (f === null || f.kind !== kind || !faultApplies(f, rawPath, decodedPath)) return undefined;
    return f as Extract<Fault, { kind: K }>;
  }

  /**
   * Consumes one 503 if `unavailable` applies to the request; returns the Retry-After seconds,
   * or undefined when the request should be served. After the last 503 the fault clears itself.
   */
  takeUnavailable(rawPath: string, decodedPath: string): number | undefined {
    const f = this.active('unavailable', rawPath, decodedPath);
    if (f === undefined || this.#remaining <= 0) return undefined;
    this.#remaining -= 1;
    if (this.#remaining === 0) this.#fault = null;
    return f.retryAfterSeconds;
  }
}
