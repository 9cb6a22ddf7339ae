import { UnrecoverableError, type Job } from 'bullmq';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { isDistrettiError } from '../errors/distretti-error.ts';
import { isJobName, parsePayload, type JobName, type ParsedPayload } from './payloads.ts';
import type { Enqueuer } from './enqueue.ts';
import { UNMANAGED_THREADS, type JobContext, type WorkerThreads } from './job-context.ts';
import { handleRun } from './handlers/run.ts';
import { handleFetch } from './handlers/fetch.ts';
import { handleParse } from './handlers/parse.ts';
import { handleLoad } from './handlers/load.ts';
import { handleRender } from './handlers/render.ts';
import { handleReparseRelease } from './handlers/reparse-release.ts';
import { handleRenderBrief } from './handlers/render-brief.ts';

type Handler<N extends JobName> = (ctx: JobContext, data: ParsedPayload<N>) => Promise<unknown>;

/** One handler per job name, each in its own file over the one orchestration in `src/pipeline`. */
const HANDLERS: { [N in JobName]: Handler<N> } = {
  run: handleRun,
  fetch: handleFetch,
  parse: handleParse,
  load: handleLoad,
  render: handleRender,
  'reparse-release': handleReparseRelease,
  'render-brief': handleRenderBrief,
};

/**
 * Parses the payload, calls the job's handler, and maps errors to queue behaviour: input and
 * configuration problems become UnrecoverableError (no retry; the code leads the failed
 * reason operators see), transient ones are re-thrown for BullMQ's backoff (which honours
 * the publisher's Retry-After, see retry-policy.ts).
 */
export function createProcessor(deps: PipelineDeps, enqueuer: Enqueuer, threads: WorkerThreads = UNMANAGED_THREADS) {
  return async function process(job: Job): Promise<unknown> {
    const log = deps.log.child({ jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 });
    const ctx: JobContext = { deps: { ...deps, log }, enqueuer, job, threads };
    try {
      if (!isJobName(job.name)) throw new UnrecoverableError(`JOB_UNKNOWN: unknown job name "${job.name}"`);
      const name: JobName = job.name;
      const data = parsePayload(name, job.data);
      return await (HANDLERS[name] as Handler<typeof name>)(ctx, data as never);
    } catch (e) {
      if (isDistrettiError(e) && e.disposition !== 'retryable') {
        log.error({ err: e.toJSON() }, 'job failed; not retrying (input or configuration problem)');
        throw new UnrecoverableError(`${e.code}: ${e.message}`);
      }
      // Retried by BullMQ's backoff, or handed back without using an attempt when a service is down (hand-back.ts).
      log.warn({ err: e }, 'job failed with a retryable error; it will run again');
      throw e;
    }
  };
}
