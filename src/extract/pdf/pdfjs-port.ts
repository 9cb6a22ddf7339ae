import { PDFWorker } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { restoreEnginePush } from './native-push.ts';

/**
 * pdf.js has no worker thread in Node: its parser ("worker") runs in this thread behind a
 * `LoopbackPort` whose `postMessage` deep-copies every message with `structuredClone` — each
 * batch of text items is built once by the parser, then copied whole, only to cross no thread
 * boundary. That copy and its garbage were ~8% of pdf.js's CPU for a release's text.
 *
 * This port hands over the message object itself, on a later microtask like LoopbackPort, so the
 * order and asynchrony pdf.js relies on are unchanged. It serves what loadPdfText (./load.ts) asks
 * for — open a document, its pages, their text streams — whose messages are built fresh for each
 * send except the text batch (see {@link asSent}); the extract digest (scripts/extract-digest.ts)
 * is identical through either port. It must not serve rendering: pdf.js empties an operator
 * list's arrays in place after sending them. Only pdf.js's public hooks are used:
 * `WorkerMessageHandler.initializeFromPort` (how its real worker starts) and `new PDFWorker({ port })`.
 */
/**
 * A stream chunk as it was when sent. The text parser sends its batch object (`{ items, styles }`)
 * and then gives that same object a new `items` array and `styles` for the next batch, before this
 * port has delivered it: the batch is copied one level deep (its items themselves are new objects
 * per batch and never touched again).
 */
function asSent(data: unknown): unknown {
  const chunk = (data as { chunk?: unknown } | null)?.chunk;
  if (chunk === null || typeof chunk !== 'object' || ArrayBuffer.isView(chunk) || Array.isArray(chunk)) return data;
  return { ...(data as object), chunk: { ...chunk } };
}

const DELIVERED = Promise.resolve();

class DirectPort {
  readonly #listeners = new Map<(e: { data: unknown }) => void, (() => void) | null>();

  postMessage(data: unknown): void {
    const event = { data: asSent(data) };
    // a promise job, not queueMicrotask: a listener that throws (pdf.js closing a stream already
    // cancelled) must end as a rejection, as with LoopbackPort, not as an uncaught exception
    void DELIVERED.then(() => {
      // a listener added meanwhile (a document's handler) hears it too, as with LoopbackPort
      for (const listener of this.#listeners.keys()) listener.call(this, event);
    });
  }

  addEventListener(_type: 'message', listener: (e: { data: unknown }) => void, options?: { signal?: AbortSignal }): void {
    const signal = options?.signal;
    if (signal?.aborted) return;
    let stop: (() => void) | null = null;
    if (signal) {
      const onAbort = () => this.removeEventListener('message', listener);
      signal.addEventListener('abort', onAbort, { once: true });
      stop = () => signal.removeEventListener('abort', onAbort);
    }
    this.#listeners.set(listener, stop);
  }

  removeEventListener(_type: 'message', listener: (e: { data: unknown }) => void): void {
    this.#listeners.get(listener)?.();
    this.#listeners.delete(listener);
  }

  terminate(): void {
    for (const stop of this.#listeners.values()) stop?.();
    this.#listeners.clear();
  }
}

let shared: Promise<PDFWorker> | undefined;

/**
 * The thread's pdf.js worker, shared by every document it opens (each document is still its own
 * handler inside it, created and destroyed with the document). Its code is imported on first use,
 * as pdf.js's own in-thread worker would be.
 */
export function pdfJsWorker(): Promise<PDFWorker> {
  shared ??= (async () => {
    const { WorkerMessageHandler } = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    // pdf.worker.mjs's core-js replaces Array.prototype.push as it loads (./native-push.ts)
    restoreEnginePush();
    const port = new DirectPort();
    WorkerMessageHandler.initializeFromPort(port);
    // typed as a DOM Worker; pdf.js only calls postMessage and add/removeEventListener on it
    return PDFWorker.create({ port: port as unknown as Worker, verbosity: 0 });
  })();
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}
