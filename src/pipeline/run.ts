import { randomUUID } from 'node:crypto';
import type { PipelineDeps } from './deps.ts';
import { discoverPending } from './discover.ts';
import { ingestFromUrl, type IngestOutcome } from './ingest.ts';
import { renderBriefs, type BriefOutcome } from './briefs.ts';
import { finishRun, startRun } from '../../db/queries/pipeline.ts';
import { isDistrettiError } from '../errors/distretti-error.ts';
import { NoDataForBriefError } from './errors.ts';
import { findLateReleases, type LateRelease } from './lateness.ts';

export interface RunSummary {
  readonly runId: string;
  readonly listed: number;
  /** False when the listing walk stopped at pages of known releases (`listed` counts the pages read). */
  readonly listingComplete?: boolean;
  readonly ingested: readonly IngestOutcome[];
  readonly failed: ReadonlyArray<{ url: string; code: string; message: string }>;
  readonly briefs: readonly BriefOutcome[];
  /** Why there are no briefs, when there is nothing loaded to brief on yet. */
  readonly briefsSkipped?: string;
  /** Notes past their usual publication window and still not loaded. */
  readonly late: readonly LateRelease[];
}

/**
 * The main job, in-process: discover → ingest every pending release (oldest first,
 * so each is validated against the vintage before it) → render the latest briefs.
 * A release that fails is recorded and skipped; the others go on.
 */
export async function runPipeline(
  deps: PipelineDeps,
  opts: { runId?: string; trigger?: string; entitySlug?: string; fullWalk?: boolean } = {},
): Promise<RunSummary> {
  const runId = opts.runId ?? randomUUID();
  const log = deps.log.child({ runId });
  const d = { ...deps, log };
  await startRun(deps.db, { id: runId, kind: 'run', trigger: opts.trigger ?? 'cli', startedAt: deps.now() });
  try {
    const { listed, pending, fullWalk: listingComplete } = await discoverPending(d, { fullWalk: opts.fullWalk });
    const ingested: IngestOutcome[] = [];
    const failed: Array<{ url: string; code: string; message: string }> = [];
    for (const r of pending) {
      try {
        ingested.push(await ingestFromUrl(d, r.url, r));
      } catch (e) {
        // A transient error after the client's own retries, or bad input: either way the
        // rest of the archive goes on; the operator sees it in the summary and the run row.
        const code = isDistrettiError(e) ? e.code : 'UNEXPECTED';
        const message = e instanceof Error ? e.message : String(e);
        log.error({ url: r.url, code, err: e }, 'release failed');
        failed.push({ url: r.url, code, message });
      }
    }
    let briefs: BriefOutcome[] = [];
    let briefsSkipped: string | undefined;
    try {
      briefs = await renderBriefs(d, { runId, entitySlug: opts.entitySlug });
    } catch (e) {
      // Every release failed (or none is published yet): the failures above say why;
      // the run itself did its job.
      if (!(e instanceof NoDataForBriefError)) throw e;
      briefsSkipped = e.message;
      log.warn({ code: e.code }, 'no briefs rendered: nothing loaded yet');
    }
    // A listed release that failed is reported as failed, not as late.
    const late = await findLateReleases(d, { pending: pending.filter((r) => failed.some((f) => f.url === r.url)) });
    for (const l of late) log.warn(l, 'release late: past its usual publication window and not loaded');
    const summary: RunSummary = { runId, listed: listed.length, listingComplete, ingested, failed, briefs, late, ...(briefsSkipped ? { briefsSkipped } : {}) };
    await finishRun(deps.db, {
      id: runId,
      status: 'succeeded',
      finishedAt: deps.now(),
      summary: { listed: listed.length, ingested: ingested.length, failed, late, briefs: briefs.map((b) => b.path) },
    });
    return summary;
  } catch (e) {
    await finishRun(deps.db, {
      id: runId,
      status: 'failed',
      finishedAt: deps.now(),
      error: isDistrettiError(e) ? e.toJSON() : { message: String(e) },
    });
    throw e;
  }
}
