import type { JobContext } from '../job-context.ts';
import { runStageJob } from '../job-context.ts';
import type { ParsedPayload } from '../payloads.ts';
import { renderStage } from '../../pipeline/stages.ts';
import { briefsSubject } from '../../pipeline/release-ref.ts';
import { recordSkipped, settleRun } from '../../pipeline/run-record.ts';

/** `render`: the run's briefs, once every `load` child has ended (failed ones do not block it). */
export async function handleRender(ctx: JobContext, data: ParsedPayload<'render'>) {
  const subject = briefsSubject(data.entitySlug);
  // Every parse of this run has ended (its loads are this job's children): the parse thread,
  // otherwise idle until the next run, is released before the render thread starts. Both held
  // together were the peak of a worker through a backfill, the parse thread ~45 MB of it (issue 13).
  await ctx.threads.releaseIdleParser();
  const r = await runStageJob(
    ctx,
    { runId: data.runId, stage: 'render', subject, counts: (x) => ('briefs' in x ? { briefs: x.briefs.length } : { briefs: 0 }) },
    () => renderStage(ctx.deps, data.runId, data.entitySlug),
  );
  if ('skipped' in r) {
    await recordSkipped(ctx.deps, { runId: data.runId, stage: 'render', subject, code: 'BRIEF_NO_DATA', message: r.skipped, jobId: ctx.job.id ?? null });
    await settleRun(ctx.deps, data.runId);
    return [];
  }
  return r.briefs;
}
