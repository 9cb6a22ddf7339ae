/**
 * The publisher's download disclaimer (publisher.md, [V]): the first GET of a research PDF
 * can answer with `/en/research/disclaimer/disclaimer?NEXT_URL=<uuid>` (as a redirect, or as
 * an HTML page linking there); sending cookie `<uuid>=accepted` then yields the PDF.
 */

// Cookie names are HTTP tokens; anything else would let a hostile page inject headers.
const TOKEN = /^[A-Za-z0-9._~-]{1,200}$/;

/** The gate id when `location` (absolute or relative to `base`) is the disclaimer page. */
export function gateIdFromUrl(location: string, base: string): string | undefined {
  let u: URL;
  try {
    u = new URL(location, base);
  } catch {
    return undefined;
  }
  if (!/\/disclaimer(\/|$)/i.test(u.pathname)) return undefined;
  const id = u.searchParams.get('NEXT_URL');
  return id && TOKEN.test(id) ? id : undefined;
}

/** The gate id when an HTML body links to the disclaimer page. */
export function gateIdFromHtml(html: string): string | undefined {
  const m = /\/disclaimer[^"'\s>]*?[?&](?:amp;)?NEXT_URL=([^"'&\s>#]+)/i.exec(html);
  const id = m?.[1] ? decodeURIComponent(m[1]) : undefined;
  return id && TOKEN.test(id) ? id : undefined;
}

/** The cookie that accepts gate `id`. */
export function gateCookie(id: string): { name: string; value: string } {
  return { name: id, value: 'accepted' };
}
