/**
 * `scheme://user:password@host` inside any text → `scheme://host`. Issue 12: a listing link with
 * credentials in it was logged verbatim. Userinfo cannot contain `/`, `?`, `#` or `@` unencoded
 * (RFC 3986 §3.2.1), so an `@` later in a path or query is left alone.
 */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>\\]+@/gi;

export function stripUrlUserinfo(text: string): string {
  return text.includes('@') ? text.replace(USERINFO, '$1') : text;
}
