import { createHash } from 'node:crypto';

/**
 * The download gate (publisher.md [V]): a PDF URL without cookie `<uuid>=accepted` answers
 * 302 to the disclaimer page `…?NEXT_URL=<uuid>`. The uuid is fixed per document, so it is
 * derived from the document's path (UUID v5 layout over SHA-1) rather than drawn at random:
 * the same document keeps its uuid across restarts.
 */
export function gateIdFor(decodedPath: string): string {
  const h = createHash('sha1').update(`distretti-sample-publisher:${decodedPath}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50; // version 5
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Parses a `Cookie` header into name → value (first occurrence wins, as browsers send it). */
export function parseCookies(header: string | undefined): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}

/** True when the request carries the cookie that opens this document's gate. */
export function gateAccepted(cookieHeader: string | undefined, gateId: string): boolean {
  return parseCookies(cookieHeader).get(gateId) === 'accepted';
}
