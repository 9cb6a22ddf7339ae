import type { Logger } from 'pino';
import { ConfigError } from '../../errors/config-error.ts';
import { RetryableError } from '../../errors/distretti-error.ts';
import { JobCancelledError } from '../../errors/job-cancelled-error.ts';
import {
  ForbiddenHostError,
  ForbiddenSchemeError,
  GateUnresolvedError,
  HttpClientError,
  HttpNotFoundError,
  HttpServerError,
  HttpThrottledError,
  NotAPdfError,
  PdfTruncatedError,
  RedirectError,
  RobotsDisallowedError,
  UnexpectedContentError,
} from './errors.ts';
import { gateCookie, gateIdFromHtml, gateIdFromUrl } from './gate.ts';
import { createHostScheduler } from './host-scheduler.ts';
import { requestOnce, type RawResponse } from './request-once.ts';
import { cancellableSleep, currentSignal, throwIfCancelled } from '../../lib/cancellation.ts';
import { backoffDelayMs, parseRetryAfter } from './retry-policy.ts';
import { ALLOW_ALL, isAllowed, matchingRule, parseRobots, type RobotsPolicy } from './robots.ts';

export interface PoliteClientOptions {
  /** Honest User-Agent naming us and a contact, e.g. `distretti/0.1 (+mailto:ops@example.org)`. */
  userAgent: string;
  /** Requests per second per host (robots.txt Crawl-delay can only slow this down). */
  ratePerSecond: number;
  /** Whole-request timeout, per attempt. */
  timeoutMs: number;
  /** Attempts after the first on network errors, timeouts, 5xx and 429. */
  retries: number;
  /** Bodies larger than this are aborted. */
  maxBytes: number;
  /** Hosts (`host` or `host:port`) we may contact; everything else is refused. */
  allowedHosts: readonly string[];
  log: Logger;
  /** @defaultValue real `setTimeout` */
  sleep?: (ms: number) => Promise<void>;
  /** @defaultValue `Date.now` */
  now?: () => number;
  /** Jitter source in [0, 1). @defaultValue `Math.random` */
  random?: () => number;
  /** First backoff step. @defaultValue 1000 */
  backoffBaseMs?: number;
  /** Longest backoff step. @defaultValue 60000 */
  backoffMaxMs?: number;
  /** A Retry-After longer than this is not waited for in-process: the call fails retryable. @defaultValue 120000 */
  maxRetryAfterMs?: number;
  /** @defaultValue 5 */
  maxRedirects?: number;
}

export interface GetOptions {
  /** What the caller needs; a PDF request answered with HTML fails with `EXTRACT_NOT_A_PDF`. */
  expect?: 'html' | 'pdf';
  /** Validators from the last fetch: sent as If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
}

export interface FetchResult {
  readonly status: number;
  /** The URL asked for. */
  readonly url: string;
  /** The URL that answered, after same-host redirects. */
  readonly finalUrl: string;
  /** Response headers, lower-case names; `set-cookie` removed. */
  readonly headers: Readonly<Record<string, string>>;
  /** Absent on 304. */
  readonly body?: Buffer;
  /** True on 304: the document has not changed since the validators were issued. */
  readonly notModified: boolean;
  /** Media type without parameters, lower-case (e.g. `application/pdf`). */
  readonly contentType: string | undefined;
}

export interface PoliteClient {
  readonly userAgent: string;
  /** GETs an allowed http(s) URL politely. Throws typed errors (see ./errors.ts). */
  get(url: string, opts?: GetOptions): Promise<FetchResult>;
  /**
   * Reads (and caches) robots.txt for `url`'s origin now, ahead of the first request there; its
   * Crawl-delay starts counting from this fetch. Rejects as a request would; a failed read is not
   * cached, so the next request asks again.
   */
  readRobots(url: string): Promise<void>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_GATES = 3;

/**
 * Creates the only way `distretti` talks to a publisher. Options are checked before
 * anything else happens (a misconfiguration is a {@link ConfigError}).
 *
 * @example
 * const http = createPoliteClient({ userAgent: 'distretti/0.1 (+mailto:ops@example.org)',
 *   ratePerSecond: 0.5, timeoutMs: 30_000, retries: 4, maxBytes: 50e6,
 *   allowedHosts: adapter.allowedHosts, log });
 * const res = await http.get(pdfUrl, { expect: 'pdf' });
 */
export function createPoliteClient(opts: PoliteClientOptions): PoliteClient {
  validateOptions(opts);
  // Waits (rate slots, backoffs) end early with JOB_CANCELLED when the job is cancelled.
  const sleep = opts.sleep ?? ((ms: number) => cancellableSleep(ms));
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const backoffBaseMs = opts.backoffBaseMs ?? 1000;
  const backoffMaxMs = opts.backoffMaxMs ?? 60_000;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 120_000;
  const maxRedirects = opts.maxRedirects ?? 5;
  const allowed = new Set(opts.allowedHosts.map((h) => h.toLowerCase()));
  const productToken = opts.userAgent.split(/[/\s]/)[0]!;
  const log = opts.log.child({ component: 'http' });
  const scheduler = createHostScheduler({ baseIntervalMs: 1000 / opts.ratePerSecond, sleep, now });
  const robots = new Map<string, Promise<RobotsPolicy>>();
  /** host → cookie name → value. Values are never logged. */
  const jar = new Map<string, Map<string, string>>();

  function checkUrl(url: string, context: Record<string, unknown> = {}): URL {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new ForbiddenSchemeError(url, context);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ForbiddenSchemeError(url, context);
    if (!allowed.has(u.host.toLowerCase()) && !allowed.has(u.hostname.toLowerCase())) {
      throw new ForbiddenHostError(url, opts.allowedHosts, context);
    }
    return u;
  }

  function cookieHeader(host: string): string | undefined {
    const c = jar.get(host);
    if (!c || c.size === 0) return undefined;
    return [...c].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  function rememberCookies(host: string, setCookie: string | undefined): void {
    if (!setCookie) return;
    // Flattened Set-Cookie headers are joined with ", "; only the name=value pair matters here.
    for (const part of setCookie.split(/,(?=\s*[A-Za-z0-9._~-]+=)/)) {
      const m = /^\s*([A-Za-z0-9._~-]+)=([^;]*)/.exec(part);
      if (m) setCookieValue(host, m[1]!, m[2]!);
    }
  }

  function setCookieValue(host: string, name: string, value: string): void {
    let c = jar.get(host);
    if (!c) jar.set(host, (c = new Map()));
    c.set(name, value);
  }

  /** One hop with the rate limit and the retry policy applied. Returns 2xx/3xx/4xx answers. */
  async function exchange(u: URL, extra: Record<string, string>): Promise<RawResponse> {
    const url = u.toString();
    for (let attempt = 0; ; attempt++) {
      await scheduler.acquire(u.host);
      throwIfCancelled();
      const headers: Record<string, string> = { 'user-agent': opts.userAgent, accept: '*/*', ...extra };
      const cookie = cookieHeader(u.host);
      if (cookie) headers.cookie = cookie;
      const started = now();
      let failure: RetryableError | undefined;
      let res: RawResponse | undefined;
      try {
        res = await requestOnce(url, { headers, timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes, signal: currentSignal() });
      } catch (e) {
        if (!(e instanceof RetryableError) || e instanceof JobCancelledError) throw e;
        failure = e;
      }
      if (!failure && res) {
        log.debug({ url, status: res.status, bytes: res.body.length, ms: now() - started, attempt }, 'http response');
        rememberCookies(u.host, res.headers['set-cookie']);
        if (res.status < 500 && res.status !== 429) return res;
        const retryAfterMs = parseRetryAfter(res.headers['retry-after'], now());
        if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) {
          // Too long to hold a worker: hand the wait to the queue (the error carries it).
          throw new HttpThrottledError(url, res.status, retryAfterMs);
        }
        failure =
          res.status === 429 ? new HttpThrottledError(url, res.status, retryAfterMs) : new HttpServerError(url, res.status, retryAfterMs);
      }
      if (!failure) throw new Error('unreachable: neither a response nor a failure');
      if (attempt >= opts.retries) throw failure;
      const backoff = backoffDelayMs(attempt, backoffBaseMs, backoffMaxMs, random);
      const wait = Math.max(backoff, failure.retryAfterMs ?? 0);
      log.warn({ url, code: failure.code, attempt: attempt + 1, of: opts.retries, waitMs: wait }, 'http retry');
      // The wait also holds back every other request to this host.
      scheduler.deferUntil(u.host, now() + wait);
    }
  }

  async function policyFor(u: URL): Promise<RobotsPolicy> {
    const key = u.origin;
    let p = robots.get(key);
    if (!p) {
      p = loadRobots(u);
      robots.set(key, p);
      // A failed robots.txt fetch is not cached: the next call asks again.
      p.catch(() => robots.delete(key));
    }
    return p;
  }

  async function loadRobots(u: URL): Promise<RobotsPolicy> {
    const robotsUrl = new URL('/robots.txt', u.origin);
    let res: RawResponse;
    let at = robotsUrl;
    for (let hop = 0; ; hop++) {
      res = await exchange(at, {});
      if (!REDIRECTS.has(res.status)) break;
      const loc = res.headers.location;
      if (!loc || hop >= maxRedirects) return ALLOW_ALL;
      at = checkUrl(new URL(loc, at).toString(), { redirectedFrom: robotsUrl.toString() });
    }
    // RFC 9309 §2.3.1.3: an unavailable robots.txt (4xx) means no restrictions.
    if (res.status >= 400) return ALLOW_ALL;
    const policy = parseRobots(res.body.toString('utf8'), productToken);
    if (policy.crawlDelaySeconds !== undefined) {
      scheduler.setMinInterval(u.host, policy.crawlDelaySeconds * 1000);
    }
    log.info({ host: u.host, rules: policy.rules.length, crawlDelaySeconds: policy.crawlDelaySeconds }, 'robots.txt read');
    return policy;
  }

  async function checkRobots(u: URL): Promise<void> {
    const policy = await policyFor(u);
    const path = u.pathname + u.search;
    if (!isAllowed(policy, path)) {
      throw new RobotsDisallowedError(u.toString(), matchingRule(policy, path)?.pattern ?? '?');
    }
  }

  type Outcome = { kind: 'response'; res: RawResponse; finalUrl: string } | { kind: 'gate'; gateId: string };

  /** Follows same-host-allowed redirects; stops early at the disclaimer gate. */
  async function follow(start: URL, extra: Record<string, string>): Promise<Outcome> {
    let at = start;
    for (let hop = 0; ; hop++) {
      const res = await exchange(at, extra);
      if (!REDIRECTS.has(res.status)) return { kind: 'response', res, finalUrl: at.toString() };
      const loc = res.headers.location;
      if (!loc) throw new RedirectError(start.toString(), `${res.status} without a Location header at ${at}`);
      const gateId = gateIdFromUrl(loc, at.toString());
      if (gateId) return { kind: 'gate', gateId };
      if (hop >= maxRedirects) throw new RedirectError(start.toString(), `more than ${maxRedirects} redirects`);
      let next: URL;
      try {
        next = new URL(loc, at);
      } catch {
        throw new RedirectError(start.toString(), `unreadable Location at ${at}`);
      }
      at = checkUrl(next.toString(), { redirectedFrom: start.toString() });
      await checkRobots(at);
      log.debug({ from: start.toString(), to: at.toString(), status: res.status }, 'http redirect');
    }
  }

  async function get(url: string, o: GetOptions = {}): Promise<FetchResult> {
    const u = checkUrl(url);
    await checkRobots(u);
    const extra: Record<string, string> = {};
    if (o.etag) extra['if-none-match'] = o.etag;
    if (o.lastModified) extra['if-modified-since'] = o.lastModified;
    if (o.expect === 'pdf') extra.accept = 'application/pdf';
    if (o.expect === 'html') extra.accept = 'text/html,application/xhtml+xml';
    const accepted = new Set<string>();
    for (let gates = 0; ; gates++) {
      const out = await follow(u, extra);
      let gateId: string;
      if (out.kind === 'response') {
        // The gate can also come as a 200 HTML page linking to the disclaimer.
        const inPage =
          o.expect === 'pdf' && out.res.status === 200 && isHtml(out.res) ? gateIdFromHtml(out.res.body.toString('utf8')) : undefined;
        if (inPage === undefined) return finish(url, out.res, out.finalUrl, o);
        gateId = inPage;
      } else {
        gateId = out.gateId;
      }
      if (accepted.has(gateId) || gates >= MAX_GATES) throw new GateUnresolvedError(url, gateId);
      accepted.add(gateId);
      const c = gateCookie(gateId);
      setCookieValue(u.host, c.name, c.value);
      log.info({ url, host: u.host }, 'accepted the download disclaimer; retrying');
    }
  }

  async function readRobots(url: string): Promise<void> {
    await policyFor(checkUrl(url));
  }

  return { userAgent: opts.userAgent, get, readRobots };
}

function finish(url: string, res: RawResponse, finalUrl: string, o: GetOptions): FetchResult {
  const contentType = mediaType(res.headers['content-type']);
  const { 'set-cookie': _dropped, ...headers } = res.headers;
  if (res.status === 304) return { status: 304, url, finalUrl, headers, notModified: true, contentType };
  if (res.status === 404 || res.status === 410) throw new HttpNotFoundError(url, res.status);
  if (res.status >= 400) throw new HttpClientError(url, res.status);
  if (res.status < 200 || res.status >= 300) throw new HttpClientError(url, res.status);
  if (o.expect === 'pdf') {
    const head = res.body.subarray(0, 1024).toString('latin1');
    if (isHtml(res) || !head.includes('%PDF-')) {
      throw new NotAPdfError(url, contentType, res.body.subarray(0, 40).toString('latin1').replace(/\s+/g, ' '));
    }
    // %%EOF must sit near the end (trailing garbage after it is tolerated by readers too).
    if (!res.body.subarray(Math.max(0, res.body.length - 1024)).toString('latin1').includes('%%EOF')) {
      throw new PdfTruncatedError(url, res.body.length);
    }
  }
  if (o.expect === 'html' && !isHtml(res)) throw new UnexpectedContentError(url, 'HTML', contentType);
  return { status: res.status, url, finalUrl, headers, body: res.body, notModified: false, contentType };
}

function mediaType(h: string | undefined): string | undefined {
  return h?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function isHtml(res: RawResponse): boolean {
  const ct = mediaType(res.headers['content-type']);
  if (ct) return ct === 'text/html' || ct === 'application/xhtml+xml';
  return /^\s*</.test(res.body.subarray(0, 64).toString('latin1'));
}

function validateOptions(o: PoliteClientOptions): void {
  const problems: string[] = [];
  // An honest User-Agent names the client and a way to reach its operators.
  if (!/^[A-Za-z0-9._-]+\/\S+/.test(o.userAgent) || !/(@|https?:\/\/)/.test(o.userAgent)) {
    problems.push(`userAgent "${o.userAgent}" must look like "name/version (+contact)" with an e-mail or URL`);
  }
  if (!(o.ratePerSecond > 0)) problems.push('ratePerSecond must be > 0');
  if (!(o.timeoutMs > 0)) problems.push('timeoutMs must be > 0');
  if (!Number.isInteger(o.retries) || o.retries < 0) problems.push('retries must be an integer >= 0');
  if (!(o.maxBytes > 0)) problems.push('maxBytes must be > 0');
  if (o.allowedHosts.length === 0) problems.push('allowedHosts must name at least one host');
  if (problems.length > 0) throw new ConfigError(problems);
}

