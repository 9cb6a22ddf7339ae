import type { JobContext } from '../job-context.ts';
import { childResult, runStageJob } from '../job-context.ts';
import { JobPayloadError, type ParsedPayload } from '../payloads.ts';
import { loadStage, type ParseResult } from '../../pipeline/stages.ts';
import { releaseSubject } from '../../pipeline/release-ref.ts';

/** `load`: the kept parse result (from the `parse` child, or the stored one on a re-run) → loaded or quarantined. */
export async function handleLoad(ctx: JobContext, data: ParsedPayload<'load'>) {
  const parsed: ParseResult | { sha256: string } | undefined =
    (await childResult<ParseResult & { stage: string }>(ctx.job, 'parse')) ?? (data.sha256 ? { sha256: data.sha256 } : undefined);
  if (!parsed) throw new JobPayloadError('load', 'no sha256 and no parse child result');
  const r = await runStageJob(
    ctx,
    {
      runId: data.runId,
      stage: 'load',
      subject: releaseSubject(data.ref),
      counts: (o) => ({ status: o.status, observationsInserted: o.observationsInserted, warnings: o.warnings }),
      releaseId: (o) => o.releaseId,
    },
    () => loadStage(ctx.deps, data.ref, parsed, data.force),
  );
  return { stage: 'load' as const, ...r };
}
