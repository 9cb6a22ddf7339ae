/**
 * The site's URL space (see the listing contract shared with the crawler's adapter).
 * The PDF prefix is the real publisher's (publisher.md, [V]); the listing and disclaimer
 * paths imitate a corporate portal because the real listing URL is unknown.
 */
export const LISTING_PATH = '/it/research/ricerche-e-pubblicazioni';
export const DISCLAIMER_PATH = '/en/research/disclaimer/disclaimer';
/** Where the disclaimer's "Accetto" link goes: it sets the gate cookie and redirects to the PDF. */
export const DISCLAIMER_ACCEPT_PATH = '/en/research/disclaimer/accept';
export const ROBOTS_PATH = '/robots.txt';
export const PDF_PREFIX = '/content/dam/portalgroup/repository-documenti/research/it';
/** Series slug of the Emilia-Romagna monitor on this site (the real one is unknown: publisher.md [I]). */
export const DEFAULT_ER_SERIES_SLUG = 'monitor-distretti-emilia-romagna';
/** The off-host target of the `foreign-link` fault: `.invalid` never resolves (RFC 2606). */
export const FOREIGN_PDF_URL = 'http://evil.example.invalid/x.pdf';

/** Decoded path of a research PDF: `<prefix>/<series-slug>/<YYYY>/<file name with spaces>`. */
export function pdfPath(seriesSlug: string, year: number, fileName: string): string {
  return `${PDF_PREFIX}/${seriesSlug}/${year}/${fileName}`;
}

/**
 * Percent-encodes each segment of a decoded path for use in an href, so a file name with
 * spaces becomes `…/Monitor%20dei%20Distretti….pdf` as on the real site.
 */
export function encodePath(decodedPath: string): string {
  return decodedPath.split('/').map(encodeURIComponent).join('/');
}

/** Decodes a request path; `undefined` for malformed escapes (answered 400). */
export function decodePath(rawPath: string): string | undefined {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
}
