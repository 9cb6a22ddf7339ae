import got, { RequestError, TimeoutError } from 'got';
import { HttpNetworkError, HttpTimeoutError, TooLargeError } from './errors.ts';
import { JobCancelledError } from '../../errors/job-cancelled-error.ts';

/** One HTTP exchange, no redirects followed, no retries: the client's building block. */
export interface RawResponse {
  readonly status: number;
  readonly url: string;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface RequestOnceOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
  /** Aborts the exchange (the job was cancelled): rejects with `JOB_CANCELLED`. */
  signal?: AbortSignal | undefined;
}

/**
 * GETs `url` once, streaming the body so it can be cut off at `maxBytes` (declared by
 * Content-Length or counted while reading). Maps transport failures to typed errors.
 */
export function requestOnce(url: string, opts: RequestOnceOptions): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const stream = got.stream(url, {
      headers: opts.headers,
      followRedirect: false,
      throwHttpErrors: false,
      retry: { limit: 0 },
      timeout: { request: opts.timeoutMs },
      decompress: true,
    });
    const onAbort = () => fail(new JobCancelledError(`request to ${url} aborted`));
    if (opts.signal?.aborted) queueMicrotask(onAbort);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    stream.once('close', () => opts.signal?.removeEventListener('abort', onAbort));
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      stream.destroy();
      reject(e);
    };
    const chunks: Buffer[] = [];
    let size = 0;
    let status = 0;
    let headers: Record<string, string> = {};
    stream.on('response', (res: { statusCode: number; headers: Record<string, string | string[] | undefined> }) => {
      status = res.statusCode;
      headers = flattenHeaders(res.headers);
      const declared = Number(headers['content-length']);
      if (Number.isFinite(declared) && declared > opts.maxBytes) fail(new TooLargeError(url, opts.maxBytes, declared));
    });
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > opts.maxBytes) return fail(new TooLargeError(url, opts.maxBytes, size));
      chunks.push(chunk);
    });
    stream.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ status, url, headers, body: Buffer.concat(chunks) });
    });
    stream.on('error', (e: Error) => fail(mapTransportError(url, e, opts.timeoutMs)));
  });
}

function mapTransportError(url: string, e: Error, timeoutMs: number): Error {
  if (e instanceof TimeoutError) return new HttpTimeoutError(url, timeoutMs, { cause: e });
  const code = e instanceof RequestError ? e.code : (e as NodeJS.ErrnoException).code;
  return new HttpNetworkError(url, code ? `${code}: ${e.message}` : e.message, { cause: e });
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
