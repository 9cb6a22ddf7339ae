import type { JobContext } from '../job-context.ts';
import { childResult, runStageJob } from '../job-context.ts';
import type { ParsedPayload } from '../payloads.ts';
import { parseStage, type FetchResult } from '../../pipeline/stages.ts';
import { releaseSubject } from '../../pipeline/release-ref.ts';
import { parseCounts } from '../../pipeline/run.ts';
import { JobPayloadError } from '../payloads.ts';

/** `parse`: stored bytes (from the `fetch` child, or given on a re-run) → kept parse result. */
export async function handleParse(ctx: JobContext, data: ParsedPayload<'parse'>) {
  const sha256 = data.sha256 ?? (await childResult<FetchResult & { stage: string }>(ctx.job, 'fetch'))?.sha256;
  if (!sha256) throw new JobPayloadError('parse', 'no sha256 and no fetch child result');
  const r = await runStageJob(
    ctx,
    { runId: data.runId, stage: 'parse', subject: releaseSubject(data.ref), counts: parseCounts },
    () => parseStage(ctx.deps, data.ref, sha256, data.force),
  );
  return { stage: 'parse' as const, ...r };
}
