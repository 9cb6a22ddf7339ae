import { NotRetryableError, RetryableError, type ErrorContext } from '../../errors/distretti-error.ts';

/**
 * Errors of the polite HTTP client. Codes are stable and greppable; the class says what a
 * caller (or the job wrapper) should do: a {@link RetryableError} may succeed later, a
 * {@link NotRetryableError} needs a person (wrong URL, changed site, policy refusal).
 * Contexts carry URLs and statuses, never headers or cookies.
 */

/** Connection refused/reset, DNS failure, truncated body: `HTTP_NETWORK`. */
export class HttpNetworkError extends RetryableError {
  constructor(url: string, detail: string, options?: { cause?: unknown }) {
    super('HTTP_NETWORK', `network error fetching ${url}: ${detail}. Retry later; check connectivity if it persists.`, { url }, options);
  }
}

/** No complete answer within the timeout: `HTTP_TIMEOUT`. */
export class HttpTimeoutError extends RetryableError {
  constructor(url: string, timeoutMs: number, options?: { cause?: unknown }) {
    super('HTTP_TIMEOUT', `no complete answer from ${url} within ${timeoutMs} ms. Retry later or raise DISTRETTI_HTTP_TIMEOUT_MS.`, { url, timeoutMs }, options);
  }
}

/** 5xx after every retry: `HTTP_SERVER_ERROR`. */
export class HttpServerError extends RetryableError {
  constructor(url: string, status: number, retryAfterMs?: number) {
    super(
      'HTTP_SERVER_ERROR',
      `server error ${status} from ${url} after all retries. The publisher is having trouble; try again later.`,
      { url, status },
      { retryAfterMs },
    );
  }
}

/** 429, or a Retry-After longer than we are willing to wait in-process: `HTTP_THROTTLED`. */
export class HttpThrottledError extends RetryableError {
  constructor(url: string, status: number, retryAfterMs: number | undefined) {
    super(
      'HTTP_THROTTLED',
      `the publisher throttled us (${status}) on ${url}` +
        (retryAfterMs !== undefined ? `; it asks to wait ${Math.round(retryAfterMs / 1000)} s` : '') +
        '. Try again later; lower DISTRETTI_HTTP_RATE if this repeats.',
      { url, status, retryAfterMs },
      { retryAfterMs },
    );
  }
}

/** 404 / 410: `HTTP_NOT_FOUND`. */
export class HttpNotFoundError extends NotRetryableError {
  constructor(url: string, status: number) {
    super('HTTP_NOT_FOUND', `${url} answered ${status}: the document is not (or no longer) there. Check the adapter's URLs.`, { url, status });
  }
}

/** Any other 4xx (401, 403, 400…): `HTTP_CLIENT_ERROR`. */
export class HttpClientError extends NotRetryableError {
  constructor(url: string, status: number) {
    super('HTTP_CLIENT_ERROR', `${url} refused the request with ${status}. Check the URL and whether access rules changed.`, { url, status });
  }
}

/** A URL (or redirect target) whose host is not in the adapter's allowed hosts: `HTTP_FORBIDDEN_HOST`. */
export class ForbiddenHostError extends NotRetryableError {
  constructor(url: string, allowedHosts: readonly string[], context: ErrorContext = {}) {
    super(
      'HTTP_FORBIDDEN_HOST',
      `refusing to fetch ${url}: host is not one of the allowed hosts (${allowedHosts.join(', ')}). ` +
        'If the publisher moved, add the host to the adapter after checking it.',
      { url, allowedHosts: [...allowedHosts], ...context },
    );
  }
}

/** Anything but http/https (file:, data:, ftp:…) or an unparseable URL: `HTTP_FORBIDDEN_SCHEME`. */
export class ForbiddenSchemeError extends NotRetryableError {
  constructor(url: string, context: ErrorContext = {}) {
    super('HTTP_FORBIDDEN_SCHEME', `refusing to fetch "${url}": only absolute http(s) URLs are fetched.`, { url, ...context });
  }
}

/** robots.txt disallows the path for our user agent: `ROBOTS_DISALLOWED`. */
export class RobotsDisallowedError extends NotRetryableError {
  constructor(url: string, rule: string) {
    super(
      'ROBOTS_DISALLOWED',
      `robots.txt of ${new URL(url).host} disallows ${url} (rule "${rule}"). We do not fetch it; change the adapter's URLs instead.`,
      { url, rule },
    );
  }
}

/** Declared or streamed body larger than the cap: `HTTP_TOO_LARGE`. */
export class TooLargeError extends NotRetryableError {
  constructor(url: string, maxBytes: number, seenBytes: number) {
    super(
      'HTTP_TOO_LARGE',
      `${url} is larger than the ${maxBytes}-byte cap (saw ${seenBytes} bytes); aborted. ` +
        'If the document is genuine, raise DISTRETTI_HTTP_MAX_BYTES.',
      { url, maxBytes, seenBytes },
    );
  }
}

/** Too many redirects, or a redirect without a usable Location: `HTTP_REDIRECT_INVALID`. */
export class RedirectError extends NotRetryableError {
  constructor(url: string, detail: string) {
    super('HTTP_REDIRECT_INVALID', `redirects from ${url} could not be followed: ${detail}.`, { url });
  }
}

/** The disclaimer gate came back after we accepted it: `HTTP_GATE_UNRESOLVED`. */
export class GateUnresolvedError extends NotRetryableError {
  constructor(url: string, gateId: string) {
    super(
      'HTTP_GATE_UNRESOLVED',
      `${url} still answers with the download disclaimer after accepting gate ${gateId}. ` +
        'The gate mechanism changed: update src/extract/http/gate.ts.',
      { url, gateId },
    );
  }
}

/**
 * A PDF was expected and something else came (an HTML error page, a login page…):
 * `EXTRACT_NOT_A_PDF`. The body is never stored as a release.
 */
export class NotAPdfError extends NotRetryableError {
  constructor(url: string, contentType: string | undefined, head: string) {
    super(
      'EXTRACT_NOT_A_PDF',
      `${url} did not return a PDF (content-type ${contentType ?? 'none'}, starts with ${JSON.stringify(head)}). ` +
        'Nothing was stored. Open the URL in a browser to see what the publisher serves now.',
      { url, contentType, head },
    );
  }
}

/** HTML was expected (a listing page) and something else came: `HTTP_UNEXPECTED_CONTENT`. */
export class UnexpectedContentError extends NotRetryableError {
  constructor(url: string, expected: string, contentType: string | undefined) {
    super('HTTP_UNEXPECTED_CONTENT', `${url} returned ${contentType ?? 'no content-type'} where ${expected} was expected.`, {
      url,
      expected,
      contentType,
    });
  }
}

/**
 * A PDF without its `%%EOF` trailer: the transfer or the publisher's file is cut short
 * (`EXTRACT_PDF_TRUNCATED`). Not stored; retryable because the publisher may fix the file.
 */
export class PdfTruncatedError extends RetryableError {
  constructor(url: string, bytes: number) {
    super(
      'EXTRACT_PDF_TRUNCATED',
      `${url} returned a PDF without its end-of-file marker (${bytes} bytes): truncated. Nothing was stored; retry later.`,
      { url, bytes },
    );
  }
}
