import type { JobContext } from '../job-context.ts';
import { runStageJob } from '../job-context.ts';
import type { ParsedPayload } from '../payloads.ts';
import { fetchStage } from '../../pipeline/stages.ts';
import { releaseSubject } from '../../pipeline/release-ref.ts';

/** `fetch`: the release's document into the raw store. Its result feeds the parent `parse` job. */
export async function handleFetch(ctx: JobContext, data: ParsedPayload<'fetch'>) {
  const r = await runStageJob(
    ctx,
    { runId: data.runId, stage: 'fetch', subject: releaseSubject(data.ref), counts: (x) => ({ newBytes: x.newBytes, notModified: x.notModified }) },
    () => fetchStage(ctx.deps, data.ref),
  );
  return { stage: 'fetch' as const, ...r };
}
