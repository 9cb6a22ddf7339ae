/**
 * Body of the parsing worker thread: runs `extractRelease` on one document at a time under the
 * limits it was started with, and answers with plain data or a serialized typed error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { extractRelease, type ExtractOptions } from '../pdf/extract-release.ts';
import { setTextLimits } from '../pdf/load.ts';
import { assertDecodedSizeWithin } from './decoded-size.ts';
import type { PdfLimits } from './limits.ts';
import { toWire } from './wire.ts';

export interface ParseRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly opts: ExtractOptions;
}

export type ParseReply = { readonly id: number; readonly ok: true; readonly release: unknown } | { readonly id: number; readonly ok: false; readonly error: ReturnType<typeof toWire> };

// pdf.js may reject a promise of a stream this thread already cancelled (a text item limit hit):
// that parse has been answered, so the stray rejection must not end the thread.
process.on('unhandledRejection', () => undefined);

const limits = (workerData as { limits: PdfLimits }).limits;
setTextLimits({ maxPages: limits.maxPages, maxTextItems: limits.maxTextItems });

parentPort!.on('message', (req: ParseRequest) => {
  void (async () => {
    let reply: ParseReply;
    try {
      await assertDecodedSizeWithin(req.bytes, limits.maxDecodedBytes, req.opts.documentSha256);
      reply = { id: req.id, ok: true, release: await extractRelease(req.bytes, req.opts) };
    } catch (e) {
      reply = { id: req.id, ok: false, error: toWire(e) };
    }
    parentPort!.postMessage(reply);
  })();
});
parentPort!.postMessage({ ready: true });
