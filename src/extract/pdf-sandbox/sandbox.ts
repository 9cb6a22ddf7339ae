import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { CONFIG_ENV } from '../../config.ts';
import { FatalError } from '../../errors/distretti-error.ts';
import type { ExtractedRelease } from '../../domain/release.ts';
import type { ExtractOptions } from '../pdf/extract-release.ts';
import { PdfTooComplexError } from '../pdf/errors/pdf-too-complex-error.ts';
import { PdfUnreadableError } from '../pdf/errors/pdf-unreadable-error.ts';
import * as pdfErrors from '../pdf/errors/index.ts';
import { startThread } from '../../lib/thread/start-thread.ts';
import { fromWire, knownErrors } from '../../lib/thread/wire-error.ts';
import type { PdfLimits } from './limits.ts';
import type { ParseReply, ParseRequest } from './worker.ts';

const MB = 1024 * 1024;
/** How often the process's resident memory is sampled during a parse. */
const MEMORY_POLL_MS = 20;
/** Every error class the extractor exports: the worker's errors come back as themselves. */
const PDF_ERRORS = knownErrors(Object.values(pdfErrors));

/** The parsing worker thread could not start: the process is misconfigured, no document is at fault. */
export class PdfWorkerStartError extends FatalError {
  constructor(cause: Error & { code?: string }) {
    super(
      'EXTRACT_PDF_WORKER_START',
      `the PDF parsing worker thread could not start (${cause.code ?? cause.name}: ${cause.message}). ` +
        (cause.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `Raise ${CONFIG_ENV.pdfMaxHeapMb}.` : 'Check the installation (npm ci; tsx, pdfjs-dist).'),
      {},
      { cause },
    );
  }
}

/** Reads release PDFs away from the calling thread, under {@link PdfLimits}. */
export interface PdfParser {
  /** {@link extractRelease}'s contract, run in the worker thread; the caller's bytes are left intact. */
  extract(bytes: Uint8Array, opts: ExtractOptions): Promise<ExtractedRelease>;
  /** Terminates the worker thread (a later `extract` starts a new one). */
  close(): Promise<void>;
  /**
   * Starts the worker thread now, without waiting, so its start-up (loader, pdf.js) overlaps the
   * caller's own work when parsing is known to follow (issue 13). It does not keep the process alive.
   */
  prestart?(): void;
}

/**
 * One reusable worker thread that parses untrusted PDFs, one at a time, under limits: decoded
 * bytes, pages and text items are checked inside it; wall time, V8 heap and the process's memory
 * growth from here, by terminating it. A bomb then costs a typed {@link PdfTooComplexError} and a
 * new thread for the next parse, never the process (issue 12).
 *
 * @example
 * const pdf = createPdfSandbox(pdfLimitsFrom(config));
 * try { const release = await pdf.extract(bytes, { series, region }); } finally { await pdf.close(); }
 */
export function createPdfSandbox(limits: PdfLimits, opts: { log?: Logger } = {}): PdfParser {
  let current: Promise<Worker> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let seq = 0;

  function spawn(): Promise<Worker> {
    // Young generation 8 MB (it was 32): a worker keeps this thread and the render thread alive
    // together, and their young generations were ~60 MB of its peak RSS through a backfill
    // (363 → 306 MB, issue 13); run --sample's CPU time did not move. 4 MB cost ~20% more CPU in GC.
    const w = startThread('extract/pdf-sandbox/worker', {
      workerData: { limits },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 8, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    const started = new Promise<Worker>((resolve, reject) => {
      const onReady = (m: unknown) => {
        if ((m as { ready?: boolean }).ready) {
          w.off('error', reject);
          w.off('message', onReady);
          resolve(w);
        }
      };
      w.on('message', onReady);
      w.once('error', reject);
    });
    w.once('exit', () => {
      if (current === started) current = undefined;
    });
    // Always listened to: an 'error' event with no listener would be thrown in this thread and take
    // the process down — e.g. pdf.js failing after a parse was already settled. The thread is replaced.
    w.on('error', (e) => {
      opts.log?.warn({ err: e }, 'pdf worker thread failed; a new one will serve the next parse');
      if (current === started) current = undefined;
      void w.terminate();
    });
    started.catch(() => {
      if (current === started) current = undefined;
    });
    return started;
  }

  async function parseOne(bytes: Uint8Array, extractOpts: ExtractOptions): Promise<ExtractedRelease> {
    current ??= spawn();
    const w = await current.catch((e: Error) => {
      throw new PdfWorkerStartError(e);
    });
    const ctx = extractOpts.documentSha256 ? { documentSha256: extractOpts.documentSha256 } : {};
    const id = ++seq;
    let baseline = process.memoryUsage.rss();
    w.ref();
    return new Promise<ExtractedRelease>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(poll);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        w.unref();
        fn();
      };
      const kill = (err: Error) =>
        settle(() => {
          opts.log?.warn({ code: (err as PdfTooComplexError).code, ...ctx }, 'pdf parse stopped; its worker thread is terminated');
          current = undefined;
          void w.terminate();
          reject(err);
        });
      const onMessage = (m: ParseReply) => {
        if (m.id !== id) return;
        // pdf.js's one-off start-up cost (see worker.ts) is not the document's
        if ('warmed' in m) return void (baseline = process.memoryUsage.rss());
        settle(() => (m.ok ? resolve(m.value as ExtractedRelease) : reject(fromWire(m.error, PDF_ERRORS))));
      };
      const onError = (e: Error & { code?: string }) =>
        settle(() => {
          current = undefined;
          reject(
            e.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new PdfTooComplexError(CONFIG_ENV.pdfMaxHeapMb, `parsing needed more than ${limits.maxHeapMb} MB of heap`, ctx)
              : new PdfUnreadableError(`the parsing worker failed: ${e.message}`, ctx, { cause: e }),
          );
        });
      const onExit = (code: number) =>
        settle(() => {
          current = undefined;
          reject(new PdfUnreadableError(`the parsing worker stopped with exit code ${code}`, ctx));
        });
      const timer = setTimeout(
        () => kill(new PdfTooComplexError(CONFIG_ENV.pdfTimeoutMs, `not read within ${limits.timeoutMs} ms`, ctx)),
        limits.timeoutMs,
      );
      const poll = setInterval(() => {
        const grown = process.memoryUsage.rss() - baseline;
        if (grown > limits.maxMemoryMb * MB) {
          kill(new PdfTooComplexError(CONFIG_ENV.pdfMaxMemoryMb, `reading it grew the process by ${Math.round(grown / MB)} MB, more than ${limits.maxMemoryMb} MB`, ctx));
        }
      }, MEMORY_POLL_MS);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      // A copy is transferred (not cloned twice) and the caller keeps its own bytes.
      const copy = new Uint8Array(bytes);
      const req: ParseRequest = { id, bytes: copy, opts: extractOpts };
      w.postMessage(req, [copy.buffer]);
    });
  }

  return {
    extract(bytes, extractOpts) {
      const run = queue.then(() => parseOne(bytes, extractOpts));
      queue = run.catch(() => undefined);
      return run;
    },
    prestart() {
      if (current) return;
      current = spawn();
      current.then((w) => w.unref(), () => undefined);
    },
    async close() {
      const w = current;
      current = undefined;
      if (w) await (await w.catch(() => undefined))?.terminate();
    },
  };
}
