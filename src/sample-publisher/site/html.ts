import { LISTING_PATH } from './paths.ts';

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The corporate page frame every HTML answer shares: header, navigation, breadcrumb, footer.
 * The footer says plainly that this is an offline replica with partly modelled data.
 */
export function pageShell(opts: { title: string; lang?: 'it' | 'en'; breadcrumb: string; body: string }): string {
  const lang = opts.lang ?? 'it';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)} | Research</title>
<style>
body{font-family:Arial,Helvetica,sans-serif;margin:0;color:#1d1d1b;background:#f5f5f5}
.site-header{background:#fff;border-bottom:3px solid #00884a;padding:12px 32px;display:flex;gap:32px;align-items:center}
.site-header__brand{font-weight:bold;color:#00884a;font-size:20px}
.site-header nav a{color:#1d1d1b;text-decoration:none;margin-right:18px;font-size:14px}
.breadcrumb{font-size:12px;color:#666;padding:8px 32px}
main{max-width:960px;margin:0 auto;padding:8px 32px 48px}
.research-card,.pub-tile{background:#fff;border:1px solid #ddd;margin:12px 0;padding:16px}
.research-card__title{margin:0 0 4px;font-size:18px}
.research-card__subtitle{margin:0 0 8px;color:#555}
.research-card__download{display:inline-block;margin-top:8px;color:#00884a;font-weight:bold}
.pagination a,.pagination span{margin-right:12px}
.site-footer{font-size:12px;color:#666;padding:24px 32px;border-top:1px solid #ddd;background:#fff}
</style>
</head>
<body>
<header class="site-header">
  <span class="site-header__brand">Research</span>
  <nav class="site-header__nav" aria-label="Menu principale">
    <a href="${LISTING_PATH}">Ricerche e pubblicazioni</a>
    <a href="${LISTING_PATH}">Studi e ricerche</a>
    <a href="${LISTING_PATH}">Contatti</a>
  </nav>
</header>
<div class="breadcrumb">${opts.breadcrumb}</div>
<main>
${opts.body}
</main>
<footer class="site-footer">
  <p>Replica offline di un portale di ricerca (sample publisher di distretti). I documenti sono generati; i dati non pubblicati sono modellati e segnalati come tali.</p>
</footer>
</body>
</html>
`;
}

/** A small HTML error page (404, 405, 503, the "HTML instead of PDF" fault). */
export function errorPage(status: number, heading: string, text: string): string {
  return pageShell({
    title: `${status} ${heading}`,
    breadcrumb: 'Home',
    body: `<section class="error-page"><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p><p><a href="${LISTING_PATH}">Torna a Ricerche e pubblicazioni</a></p></section>`,
  });
}
