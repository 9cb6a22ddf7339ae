// first: it keeps the engine's Array.prototype.push before pdf.js replaces it (see the module)
import { restoreEnginePush } from './native-push.ts';
import { createRequire } from 'node:module';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem as PdfJsTextItem } from 'pdfjs-dist/types/src/display/api.js';
import { PdfTooComplexError } from './errors/pdf-too-complex-error.ts';
import { PdfUnreadableError } from './errors/pdf-unreadable-error.ts';
import { limitName } from './limit-name.ts';
import { withPdfJsInflate } from './pdfjs-inflate.ts';
import { pdfJsWorker } from './pdfjs-port.ts';
import type { PageText, TextItem } from './types.ts';

const require = createRequire(import.meta.url);
/** pdf.js needs the standard font metrics for the 14 base fonts (toolchain notes); a directory URL with a trailing slash. */
const STANDARD_FONT_DATA_URL = require.resolve('pdfjs-dist/package.json').replace(/package\.json$/, 'standard_fonts/');

const PDF_MAGIC = '%PDF-';

restoreEnginePush();

/** Ceilings on what one document may make pdf.js produce (issue 12: untrusted input). */
export interface TextLimits {
  readonly maxPages: number;
  readonly maxTextItems: number;
}

/**
 * Unlimited unless set: the parsing worker thread (src/extract/pdf-sandbox) sets them once from
 * configuration, so `extractRelease` keeps its signature while every parse it runs there is bounded.
 */
let textLimits: TextLimits = { maxPages: Number.POSITIVE_INFINITY, maxTextItems: Number.POSITIVE_INFINITY };

/** Sets the limits {@link loadPdfText} applies when it is not given any (called by the parsing worker). */
export function setTextLimits(limits: TextLimits): void {
  textLimits = { ...limits };
}

/** Cheap checks pdf.js would paper over: it "repairs" truncated files and silently loses pages. */
function checkEnvelope(bytes: Uint8Array, sha: string | undefined): void {
  const ctx = sha ? { documentSha256: sha } : {};
  if (bytes.length < 64) throw new PdfUnreadableError(`only ${bytes.length} bytes`, ctx);
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes(PDF_MAGIC)) {
    // Printable ASCII only: the preview goes into logs and a jsonb column, which refuses NUL.
    const start = head.slice(0, 40).replace(/[^\x21-\x7e]+/g, ' ').trim();
    throw new PdfUnreadableError(`no %PDF- header; it starts with "${start}"`, ctx);
  }
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
  if (!tail.includes('%%EOF')) throw new PdfUnreadableError('truncated: no %%EOF trailer at the end', ctx);
}

function toItem(it: PdfJsTextItem): TextItem | null {
  if (!it.str || it.str.trim() === '') return null;
  const [a = 0, b = 0, , d = 0, e = 0, f = 0] = it.transform as number[];
  // rotated text (axis labels of charts) is never part of a table
  if (Math.abs(b) > 1e-3) return null;
  const fontSize = Math.abs(d) || Math.abs(a);
  return { str: it.str, x: e, y: f, width: it.width, fontSize, fontName: it.fontName };
}

/**
 * Opens a PDF with pdf.js (legacy build, no worker, no eval, its own inflate: ./pdfjs-inflate.ts)
 * and returns every page's positioned text items. Throws {@link PdfUnreadableError} for bytes that are not a complete, readable PDF.
 */
export async function loadPdfText(bytes: Uint8Array, documentSha256?: string, limits: TextLimits = textLimits): Promise<PageText[]> {
  checkEnvelope(bytes, documentSha256);
  return withPdfJsInflate(() => readPages(bytes, documentSha256, limits));
}

async function readPages(bytes: Uint8Array, documentSha256: string | undefined, limits: TextLimits): Promise<PageText[]> {
  const ctx = documentSha256 ? { documentSha256 } : {};
  let doc: PDFDocumentProxy | undefined;
  try {
    const worker = await pdfJsWorker();
    doc = await getDocument({
      worker,
      // pdf.js transfers (detaches) the buffer it is given: hand it a copy so the caller's bytes stay usable
      data: new Uint8Array(bytes),
      standardFontDataUrl: STANDARD_FONT_DATA_URL,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: true,
      verbosity: 0,
    }).promise;
    // the first document loads pdf.js's worker module, which replaces push again
    restoreEnginePush();
    if (doc.numPages > limits.maxPages) {
      throw new PdfTooComplexError(await limitName('pdfMaxPages'), `${doc.numPages} pages, at most ${limits.maxPages} allowed`, ctx);
    }
    const pages: PageText[] = [];
    let seen = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
      const items: TextItem[] = [];
      // Streamed, not getTextContent(): a page of millions of text operators is cut off at the
      // limit instead of being collected whole first.
      const reader = page.streamTextContent().getReader() as ReadableStreamDefaultReader<{ items: unknown[] }>;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        seen += value.items.length;
        if (seen > limits.maxTextItems) {
          await reader.cancel('text item limit').catch(() => undefined);
          throw new PdfTooComplexError(
            await limitName('pdfMaxTextItems'),
            `more than ${limits.maxTextItems} text items by page ${n}`,
            { ...ctx, page: n },
          );
        }
        for (const it of value.items as PdfJsTextItem[]) {
          if (!('str' in it)) continue;
          const item = toItem(it);
          if (item) items.push(item);
        }
      }
      pages.push({ page: n, width: x1 - x0, height: y1 - y0, items });
      page.cleanup();
    }
    return pages;
  } catch (e) {
    if (e instanceof PdfUnreadableError || e instanceof PdfTooComplexError) throw e;
    const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new PdfUnreadableError(reason, documentSha256 ? { documentSha256 } : {}, { cause: e });
  } finally {
    await doc?.destroy();
  }
}
