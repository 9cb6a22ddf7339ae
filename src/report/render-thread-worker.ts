import { parentPort } from 'node:worker_threads';
import { renderBrief, type RenderOptions } from './render.ts';
import type { BriefData } from './types.ts';

/** A render request from the parent. */
export interface RenderRequest {
  readonly id: number;
  readonly data: BriefData;
  readonly opts: RenderOptions;
}

/** The answer: the PDF bytes, or what went wrong (errors do not cross threads as classes). */
export type RenderReply =
  | { readonly id: number; readonly ok: true; readonly bytes: Uint8Array }
  | { readonly id: number; readonly ok: false; readonly error: { name: string; message: string; code?: string; context?: unknown; stack?: string } };

const port = parentPort;
if (!port) throw new Error('render-thread-worker.ts runs inside a worker thread (see render-thread.ts)');

// One request at a time, in order: the parent queues them.
port.on('message', (req: RenderRequest) => {
  renderBrief(req.data, req.opts).then(
    (bytes) => {
      const copy = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice();
      port.postMessage({ id: req.id, ok: true, bytes: copy } satisfies RenderReply, [copy.buffer]);
    },
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      const x = err as Error & { code?: string; context?: unknown };
      port.postMessage({ id: req.id, ok: false, error: { name: err.name, message: err.message, code: x.code, context: x.context, stack: err.stack } } satisfies RenderReply);
    },
  );
});
