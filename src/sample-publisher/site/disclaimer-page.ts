import type { SiteDocument } from './documents.ts';
import { escapeHtml, pageShell } from './html.ts';
import { DISCLAIMER_ACCEPT_PATH, LISTING_PATH } from './paths.ts';

/**
 * The page the gate redirects to. Its "Accetto" link goes to an endpoint that sets the
 * cookie `<uuid>=accepted` and redirects back to the PDF — what the real page's script does.
 * A crawler may equally set the cookie itself from the uuid in the redirect.
 */
export function renderDisclaimerPage(doc: SiteDocument): string {
  const accept = `${DISCLAIMER_ACCEPT_PATH}?NEXT_URL=${encodeURIComponent(doc.gateId)}`;
  return pageShell({
    title: 'Disclaimer',
    lang: 'en',
    breadcrumb: 'Home &rsaquo; Research &rsaquo; Disclaimer',
    body: `<section class="disclaimer" data-next-url="${doc.gateId}">
<h1>Avvertenza / Disclaimer</h1>
<p>Stai per scaricare il documento <strong>${escapeHtml(doc.title)} – ${escapeHtml(doc.subtitle)}</strong>.</p>
<p>Le pubblicazioni di ricerca sono destinate a finalità esclusivamente informative e non costituiscono
offerta o sollecitazione all'investimento. Proseguendo dichiari di aver letto e accettato le condizioni d'uso.</p>
<p class="disclaimer__actions">
  <a class="disclaimer__accept button" href="${escapeHtml(accept)}">Accetto</a>
  <a class="disclaimer__decline" href="${LISTING_PATH}">Non accetto</a>
</p>
</section>`,
  });
}
