import { parentPort } from 'node:worker_threads';
import { renderBrief, type RenderOptions } from './render.ts';
import type { BriefData } from './types.ts';
import { toWire, type WireReply } from '../lib/thread/wire-error.ts';

/** A render request from the parent. */
export interface RenderRequest {
  readonly id: number;
  readonly data: BriefData;
  readonly opts: RenderOptions;
}

/** The answer: the PDF bytes, or what went wrong. */
export type RenderReply = WireReply<Uint8Array>;

const port = parentPort;
if (!port) throw new Error('render-thread-worker.ts runs inside a worker thread (see render-thread.ts)');

// One request at a time, in order: the parent queues them.
port.on('message', (req: RenderRequest) => {
  renderBrief(req.data, req.opts).then(
    (bytes) => {
      const copy = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice();
      port.postMessage({ id: req.id, ok: true, value: copy } satisfies RenderReply, [copy.buffer]);
    },
    (e: unknown) => port.postMessage({ id: req.id, ok: false, error: toWire(e) } satisfies RenderReply),
  );
});
