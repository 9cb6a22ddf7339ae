import { UnrecoverableError, type Job } from 'bullmq';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { discoverPending } from '../pipeline/discover.ts';
import { ingestFromUrl, reparseRelease } from '../pipeline/ingest.ts';
import { renderBriefs } from '../pipeline/briefs.ts';
import { findLateReleases } from '../pipeline/lateness.ts';
import { isDistrettiError } from '../errors/distretti-error.ts';
import { finishRun, startRun } from '../../db/queries/pipeline.ts';
import { isJobName, type JobPayloads } from './payloads.ts';
import { enqueueIngestChain, type Enqueuer } from './enqueue.ts';

/**
 * Maps each job name to its stage call. Thin by design: parse the payload, call
 * the stage, turn "bad input" errors into UnrecoverableError so BullMQ does not retry them.
 */
export function createProcessor(deps: PipelineDeps, enqueuer: Enqueuer) {
  return async function process(job: Job): Promise<unknown> {
    const log = deps.log.child({ jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 });
    const d = { ...deps, log };
    if (!isJobName(job.name)) throw new UnrecoverableError(`unknown job name "${job.name}"`);
    try {
      switch (job.name) {
        case 'run': {
          const data = job.data as JobPayloads['run'];
          const runId = data.runId ?? `run-${job.id}`;
          await startRun(deps.db, { id: runId, kind: 'run', trigger: data.trigger, jobId: job.id ?? null, startedAt: deps.now() });
          // A backfill reads every listing page: the releases it is after are the old ones at the back.
          const { listed, pending } = await discoverPending({ ...d, log: log.child({ runId }) }, { fullWalk: data.trigger === 'backfill' });
          const chosen = pending.filter(
            (r) => (data.fromYear === undefined || r.coverYear >= data.fromYear) && (data.toYear === undefined || r.coverYear <= data.toYear),
          );
          const root = await enqueuer.addFlow(enqueueIngestChain({ runId, releases: chosen }));
          const late = await findLateReleases(d, { pending: chosen });
          for (const l of late) log.warn({ ...l, runId }, 'release late: past its usual publication window and not loaded');
          await finishRun(deps.db, {
            id: runId,
            status: 'succeeded',
            finishedAt: deps.now(),
            summary: { listed: listed.length, enqueued: chosen.length, briefsJobId: root, late },
          });
          return { runId, listed: listed.length, enqueued: chosen.length, briefsJobId: root, late };
        }
        case 'ingest-release': {
          const data = job.data as JobPayloads['ingest-release'];
          return await ingestFromUrl({ ...d, log: log.child({ runId: data.runId }) }, data.url, data.hint);
        }
        case 'reparse-release': {
          const data = job.data as JobPayloads['reparse-release'];
          return await reparseRelease({ ...d, log: log.child({ releaseId: data.releaseId }) }, data.releaseId);
        }
        case 'render-briefs': {
          const data = job.data as JobPayloads['render-briefs'];
          return await renderBriefs({ ...d, log: log.child({ runId: data.runId }) }, data);
        }
      }
    } catch (e) {
      if (isDistrettiError(e) && e.disposition !== 'retryable') {
        log.error({ err: e.toJSON() }, 'job failed; not retrying (input or configuration problem)');
        // The code travels in the message: it is what operators see in the failed-jobs list.
        throw new UnrecoverableError(`${e.code}: ${e.message}`);
      }
      log.warn({ err: e }, 'job failed; BullMQ will retry if attempts remain');
      throw e;
    }
  };
}
