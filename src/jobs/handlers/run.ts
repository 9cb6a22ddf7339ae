import type { JobContext } from '../job-context.ts';
import { isFinalFailure } from '../job-context.ts';
import type { ParsedPayload } from '../payloads.ts';
import { enqueueRunPlan } from '../enqueue.ts';
import { openRun, recordStage, settleRun } from '../../pipeline/run-record.ts';
import { planFromListing, planRerun } from '../../pipeline/plan.ts';
import { runByJobId } from '../../../db/queries/runs.ts';
import { seriesCalendar } from '../../pipeline/calendar.ts';

/**
 * `run`: plans a run exactly as the in-process run does, then queues its stages as jobs
 * (per release fetch → parse → load, then render). The run stays `running` until its last
 * stage job ends; that job settles it.
 */
export async function handleRun(ctx: JobContext, data: ParsedPayload<'run'>) {
  const { deps, job } = ctx;
  if (data.onlyWhenDue) {
    // The daily window poll: nothing to do unless a series' next note is due.
    const due = (await seriesCalendar(deps)).filter((s) => s.state === 'due' || s.state === 'late');
    if (!due.length) return { skipped: 'no note is due' };
  }
  const { runId: given, trigger, rerun, onlyWhenDue: _onlyWhenDue, ...planOpts } = data;
  const runId =
    given ??
    (job.id ? (await runByJobId(deps.db, job.id))?.id : undefined) ??
    (await openRun(deps, { kind: rerun ? 'rerun' : trigger === 'backfill' ? 'backfill' : 'run', trigger, parameters: { ...planOpts, ...(rerun ? { rerun } : {}), mode: 'queue' }, jobId: job.id ?? null }));
  const d = { ...deps, log: deps.log.child({ runId, jobId: job.id }) };
  const plan = await recordStage(
    d,
    {
      runId,
      stage: 'discover',
      subject: rerun ? `release/${rerun.releaseId}` : 'listing',
      jobId: job.id ?? null,
      attempt: job.attemptsMade + 1,
      isFinal: isFinalFailure(job),
      counts: (p) => ({ listed: p.listed, planned: p.releases.length }),
    },
    () => (rerun ? planRerun(d, { ...rerun, entitySlug: planOpts.entitySlug }) : planFromListing(d, planOpts)),
  ).catch(async (e: unknown) => {
    if (isFinalFailure(job)(e)) await settleRun(d, runId);
    throw e;
  });
  const queued = await enqueueRunPlan(ctx.enqueuer, d, runId, plan);
  await settleRun(d, runId);
  return { runId, listed: plan.listed, enqueued: queued.enqueued, alreadyQueued: queued.alreadyQueued, renderJobId: queued.renderJobId };
}
