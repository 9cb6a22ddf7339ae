import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { SiteDocument } from './documents.ts';
import { isoDateToUtc, italianLongDate } from './italian-dates.ts';

/** DejaVu covers every Italian glyph and the typographic dashes/quotes pdfkit's Helvetica garbles. */
function dejavu(file: string): string {
  const pkg = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json');
  return join(dirname(pkg), 'ttf', file);
}

/**
 * A small, valid PDF for an unrelated archive document (another region's monitor, a macro
 * note…): one page with the series title, edition and a notice that it is a placeholder.
 * The creation date is the publication date so the bytes — and the ETag — are reproducible.
 */
export function renderFillerPdf(doc: SiteDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const created = isoDateToUtc(doc.publishedOn);
    const pdf = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: `${doc.title} – ${doc.subtitle}`, Author: 'Research (sample publisher)', CreationDate: created, ModDate: created },
    });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);

    pdf.registerFont('regular', dejavu('DejaVuSans.ttf'));
    pdf.registerFont('bold', dejavu('DejaVuSans-Bold.ttf'));
    pdf.rect(0, 0, pdf.page.width, 10).fill('#00884a');
    pdf.fillColor('#1d1d1b').font('bold').fontSize(22).text(doc.title, 56, 120);
    pdf.moveDown(0.5).font('regular').fontSize(14).fillColor('#555').text(doc.subtitle);
    pdf.moveDown(2).fontSize(10).fillColor('#1d1d1b').text(
      `Pubblicato il ${italianLongDate(doc.publishedOn)}. Documento segnaposto del sample publisher: ` +
        'appartiene a una serie diversa dal Monitor dei Distretti dell’Emilia-Romagna e non contiene dati.',
      { width: 420 },
    );
    pdf.moveDown(1).fontSize(8).fillColor('#777').text('Dati modellati — documento generato per test, non una pubblicazione reale.');
    pdf.end();
  });
}
