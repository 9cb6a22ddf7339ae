import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { PIPELINE_QUEUE } from './payloads.ts';
import { createProcessor } from './processor.ts';
import type { Enqueuer } from './enqueue.ts';
import { retryAfterBackoff } from './retry-policy.ts';
import { startReconciler } from './reconcile.ts';
import { withHandBack, type OutageBackoffOptions } from './hand-back.ts';
import { createLogThrottle } from '../lib/throttle.ts';
import { FatalError } from '../errors/distretti-error.ts';
import { releaseParserWhenIdle } from './idle-parser.ts';
import { createIdleRelease, DEFAULT_THREAD_IDLE_MS } from '../lib/thread/idle-release.ts';
import type { ThreadRenderer } from '../report/render-thread.ts';

/**
 * The BullMQ worker around the pipeline stages. The library emits events; we log them
 * with job ids. Stop with `close()` (the CLI wires SIGTERM/SIGINT to it) so the
 * active job finishes before the process exits.
 */
export function createPipelineWorker(args: {
  deps: PipelineDeps;
  connection: Redis;
  prefix: string;
  concurrency: number;
  enqueuer: Enqueuer;
  /** Reconciler timing. @defaultValue every 60 s, runs younger than 120 s left alone */
  reconcile?: { intervalMs?: number; graceMs?: number };
  /** Lock and stall detection (BullMQ defaults: 30 s, 30 s, 1). */
  stalls?: { lockDuration?: number; stalledInterval?: number; maxStalledCount?: number };
  outage?: OutageBackoffOptions;
  /**
   * The PDF parse thread of `deps.pdf` is released after this long without a parse, and when a
   * render starts with no parse in flight. Without `deps.pdf` the process-wide parser is used and
   * left alone. @defaultValue {@link DEFAULT_THREAD_IDLE_MS}
   */
  threadIdleMs?: number;
  /**
   * Draws the briefs (instead of `deps.renderBrief`), its thread released after `threadIdleMs`
   * without a render; the caller still closes it. @defaultValue `deps.renderBrief`, left alone
   */
  renderer?: ThreadRenderer;
}): Worker {
  const log = args.deps.log;
  if (args.renderer && args.deps.renderBrief) {
    throw new FatalError('JOB_WORKER_TWO_RENDERERS', 'createPipelineWorker takes a renderer or deps.renderBrief, not both');
  }
  const idleMs = args.threadIdleMs ?? DEFAULT_THREAD_IDLE_MS;
  const released = (thread: string) => (reason: string) => log.info({ thread, reason }, 'idle thread released; the next use starts a new one');
  const pdf = args.deps.pdf && releaseParserWhenIdle(args.deps.pdf, { idleMs, onRelease: released('pdf-parse') });
  const { renderer } = args;
  const rendering = renderer && createIdleRelease(() => renderer.close(), { idleMs, onRelease: released('render') });
  const deps = {
    ...args.deps,
    ...(pdf ? { pdf } : {}),
    ...(renderer && rendering ? { renderBrief: ((data, opts) => rendering.use(() => renderer.render(data, opts))) satisfies ThreadRenderer['render'] } : {}),
  };
  const threads = { releaseIdleParser: () => pdf?.releaseIfIdle() ?? Promise.resolve(false) };
  const processor = withHandBack(createProcessor(deps, args.enqueuer, threads), { log, ...(args.outage ? { outage: args.outage } : {}) });
  const worker = new Worker(PIPELINE_QUEUE, processor, {
    connection: args.connection,
    prefix: args.prefix,
    concurrency: args.concurrency,
    // Honour the publisher's Retry-After instead of a fixed exponential step (issue 10).
    settings: { backoffStrategy: retryAfterBackoff },
    // A job whose worker died twice fails (visibly, via the reconciler) instead of looping.
    maxStalledCount: 1,
    ...args.stalls,
  });
  // Runs whose jobs vanished or stalled for good are recorded failed; see reconcile.ts.
  const reconciler = startReconciler(deps, args.enqueuer.queue, args.reconcile);
  worker.on('closing', () => reconciler.stop());
  // The parser and the renderer are the caller's to close (with the rest of deps); only their timers end here.
  worker.on('closed', () => {
    pdf?.stopIdleTimer();
    rendering?.stop();
  });
  worker.on('active', (job) => deps.log.info({ jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 }, 'job started'));
  worker.on('stalled', (jobId) => deps.log.warn({ jobId }, 'job stalled (its worker stopped answering); back in the queue'));
  worker.on('completed', (job) => deps.log.info({ jobId: job.id, job: job.name }, 'job completed'));
  worker.on('failed', (job, err) => {
    deps.log.warn({ jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade, reason: err.message }, 'job failed');
    if (/stalled/i.test(err.message)) reconciler.poke();
  });
  // An outage makes BullMQ emit an error per reconnect attempt: one line a minute is enough.
  const throttle = createLogThrottle(60_000);
  worker.on('error', (err) => {
    const t = throttle(err.message);
    if (t.pass) deps.log.error({ err, suppressed: t.suppressed }, 'worker error');
  });
  return worker;
}
