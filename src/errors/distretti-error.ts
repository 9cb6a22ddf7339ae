import { stripUrlUserinfo } from '../lib/redact-url.ts';

/**
 * What the queue (or any caller) should do about a failure:
 * - `retryable`: transient (network, 5xx/429, timeouts, database unavailable) — try again later;
 * - `not-retryable`: the input is wrong (layout drift, validation, 404) — retrying cannot help,
 *   a person must look; the raw file is kept and the release quarantined;
 * - `fatal`: the process itself is misconfigured — stop and fix configuration.
 */
export type ErrorDisposition = 'retryable' | 'not-retryable' | 'fatal';

/** Where a failure happened, as far as it is known. Never contains secrets. */
export interface ErrorContext {
  url?: string;
  releaseId?: number | string;
  documentSha256?: string;
  page?: number;
  table?: string;
  row?: string;
  column?: string;
  [key: string]: unknown;
}

/**
 * Base of every error `distretti` raises on purpose. `code` is stable and greppable
 * (e.g. `EXTRACT_LAYOUT_DRIFT`); `message` says what failed, on which input, and what to do.
 */
export abstract class DistrettiError extends Error {
  abstract readonly disposition: ErrorDisposition;
  readonly context: ErrorContext;
  constructor(
    readonly code: string,
    message: string,
    context: ErrorContext = {},
    options?: { cause?: unknown },
  ) {
    // Messages and contexts reach logs, job failure reasons and the database: URLs in them
    // lose their userinfo here, once, whichever error formats them (issue 12).
    super(stripUrlUserinfo(message), options);
    this.name = new.target.name;
    this.context = Object.fromEntries(
      Object.entries(context).map(([k, v]) => [k, typeof v === 'string' ? stripUrlUserinfo(v) : v]),
    ) as ErrorContext;
  }

  /** A plain object for logs, job failure reasons and the database. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, disposition: this.disposition, message: this.message, context: this.context };
  }
}

/** Transient: the same call may succeed later. */
export class RetryableError extends DistrettiError {
  readonly disposition = 'retryable' as const;
  constructor(
    code: string,
    message: string,
    context: ErrorContext = {},
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(code, message, context, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
  readonly retryAfterMs: number | undefined;
}

/** The input is wrong; retrying cannot help. */
export class NotRetryableError extends DistrettiError {
  readonly disposition = 'not-retryable' as const;
}

/** The process is misconfigured; nothing will work until configuration is fixed. */
export class FatalError extends DistrettiError {
  readonly disposition = 'fatal' as const;
}

export function isDistrettiError(e: unknown): e is DistrettiError {
  return e instanceof DistrettiError;
}

/** The disposition of any thrown value: unknown errors are treated as retryable bugs-or-blips. */
export function dispositionOf(e: unknown): ErrorDisposition {
  return isDistrettiError(e) ? e.disposition : 'retryable';
}
