import type { Worker } from 'node:worker_threads';
import { RetryableError, type ErrorContext } from '../errors/distretti-error.ts';
import { BriefDataError } from './errors.ts';
import { startThread } from '../lib/thread/start-thread.ts';
import { fromWire, knownErrors } from '../lib/thread/wire-error.ts';
import type { RenderOptions } from './render.ts';
import type { RenderReply, RenderRequest } from './render-thread-worker.ts';
import type { BriefData } from './types.ts';

/** Renders briefs; {@link renderBrief} itself is one, on the calling thread. */
export type BriefRenderFn = (data: BriefData, opts: RenderOptions) => Promise<Buffer>;

export interface ThreadRenderer {
  readonly render: BriefRenderFn;
  /** Stops the thread; pending renders fail. */
  close(): Promise<void>;
}

export interface ThreadRendererOptions {
  /** Heap limits of the render thread. @defaultValue 256 MB old generation */
  readonly resourceLimits?: import('node:worker_threads').ResourceLimits;
}

/** The render thread died (out of memory, a crash) before answering: worth another attempt. */
export class RenderThreadError extends RetryableError {
  constructor(why: string, context: ErrorContext = {}) {
    super('REPORT_RENDER_THREAD_FAILED', `the brief render thread stopped before answering (${why}); the job can be retried`, context);
  }
}

/** The render thread's typed errors come back as themselves. */
const RENDER_ERRORS = knownErrors([BriefDataError]);

/**
 * A brief renderer running pdfkit and Vega on one long-lived worker thread, so a BullMQ worker's
 * event loop keeps serving its other job, lock renewals and shutdown signals while a brief is
 * drawn (issue 13: a render was one synchronous stretch of 105–190 ms). The thread is started on
 * the first render and restarted after a crash; requests are answered in order.
 *
 * @example
 * const renderer = createThreadRenderer();
 * const pdf = await renderer.render(data, { lang: 'it', runId, codeVersion });
 * await renderer.close();
 */
export function createThreadRenderer(options: ThreadRendererOptions = {}): ThreadRenderer {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (b: Buffer) => void; reject: (e: unknown) => void }>();

  const failAll = (e: unknown): void => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };

  function start(): Worker {
    const w = startThread('report/render-thread-worker', { resourceLimits: options.resourceLimits ?? { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 8 } });
    w.on('message', (reply: RenderReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve(Buffer.from(reply.value.buffer, reply.value.byteOffset, reply.value.byteLength));
      else p.reject(fromWire(reply.error, RENDER_ERRORS));
      if (pending.size === 0) w.unref(); // idle: do not keep the process alive
    });
    w.on('error', (e) => {
      if (worker === w) worker = undefined;
      failAll(new RenderThreadError(e instanceof Error ? e.message : String(e)));
    });
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      failAll(new RenderThreadError(`exit code ${code}`));
    });
    return w;
  }

  return {
    render(data, opts) {
      worker ??= start();
      const w = worker;
      w.ref();
      const id = nextId++;
      return new Promise<Buffer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, data, opts } satisfies RenderRequest);
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
