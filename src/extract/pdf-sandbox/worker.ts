/**
 * Body of the parsing worker thread: runs `extractRelease` on one document at a time under the
 * limits it was started with, and answers with plain data or a serialized typed error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { extractRelease, type ExtractOptions } from '../pdf/extract-release.ts';
import { loadPdfText, setTextLimits } from '../pdf/load.ts';
import { assertDecodedSizeWithin } from './decoded-size.ts';
import type { PdfLimits } from './limits.ts';
import { toWire, type WireReply } from '../../lib/thread/wire-error.ts';

export interface ParseRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly opts: ExtractOptions;
}

/** The extracted release, the error, or (before the first one) that pdf.js has warmed up. */
export type ParseReply = WireReply<unknown> | { readonly id: number; readonly warmed: true; readonly ok?: undefined };

// pdf.js may reject a promise of a stream this thread already cancelled (a text item limit hit):
// that parse has been answered, so the stray rejection must not end the thread.
process.on('unhandledRejection', () => undefined);

const limits = (workerData as { limits: PdfLimits }).limits;
setTextLimits({ maxPages: limits.maxPages, maxTextItems: limits.maxTextItems });

// Warm-up: pdf.js loads its (in-thread) worker code on the first document, ~190 MB of one-off
// growth. Paid once the first document has passed the decoded-bytes scan (a bomb never pays it),
// then announced so the parent resets its memory baseline: the DISTRETTI_PDF_MAX_MEMORY_MB ceiling
// measures what a document costs, not what pdf.js costs once. An empty page: a font in it (a
// standard one, the smallest to write) made pdf.js load and convert that font's data too, ~30 ms of
// a one-file `distretti parse` for a font a release never uses (they embed theirs).
const WARM_UP = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >> endobj\n' +
    'trailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);
let warmed = false;
async function warmUp(id: number): Promise<void> {
  if (warmed) return;
  warmed = true;
  await loadPdfText(new Uint8Array(WARM_UP)).catch(() => undefined);
  parentPort!.postMessage({ id, warmed: true });
}

parentPort!.on('message', (req: ParseRequest) => {
  void (async () => {
    let reply: ParseReply;
    try {
      await assertDecodedSizeWithin(req.bytes, limits.maxDecodedBytes, req.opts.documentSha256);
      await warmUp(req.id);
      reply = { id: req.id, ok: true, value: await extractRelease(req.bytes, req.opts) };
    } catch (e) {
      reply = { id: req.id, ok: false, error: toWire(e) };
    }
    parentPort!.postMessage(reply);
  })();
});
parentPort!.postMessage({ ready: true });
