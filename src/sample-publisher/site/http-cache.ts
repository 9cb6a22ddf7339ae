import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** A strong validator: the SHA-256 of the exact bytes sent (so a faulty body has its own ETag). */
export function strongEtag(body: Buffer | string): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/** RFC 9110 IMF-fixdate, e.g. `Thu, 26 Jun 2025 00:00:00 GMT`. */
export function httpDate(d: Date): string {
  return d.toUTCString();
}

function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  // If-None-Match uses the weak comparison (RFC 9110 §13.1.2): ignore a W/ prefix.
  const opaque = (t: string): string => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => opaque(t) === opaque(etag));
}

/**
 * Whether a GET/HEAD may be answered 304. If-None-Match wins over If-Modified-Since when both
 * are present (RFC 9110 §13.2.2); dates compare at one-second resolution.
 */
export function isNotModified(
  headers: IncomingHttpHeaders,
  validators: { etag: string; lastModified?: Date | undefined },
): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) return etagMatches(inm, validators.etag);
  const ims = headers['if-modified-since'];
  if (ims === undefined || validators.lastModified === undefined) return false;
  const since = Date.parse(ims);
  if (Number.isNaN(since)) return false;
  return Math.floor(validators.lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}
