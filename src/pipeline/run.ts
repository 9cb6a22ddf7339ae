import type { PipelineDeps } from './deps.ts';
import type { IngestOutcome } from './ingest.ts';
import { readLatestBriefData, type BriefOutcome, type LatestBriefData } from './briefs.ts';
import type { LateRelease } from './lateness.ts';
import { planFromListing, planRerun, type ListingPlanOptions, type PlannedRelease, type RunPlan } from './plan.ts';
import { errorFields, openRun, recordSkipped, recordStage, settleRun, type RunTrigger } from './run-record.ts';
import { briefsSubject, RELEASE_STAGES, releaseSubject, type RerunStage } from './release-ref.ts';
import { fetchStage, loadStage, parseStage, renderStage, type FetchResult, type ParseResult } from './stages.ts';
import { runById, writeQueuedStages } from '../../db/queries/runs.ts';
import { endAbandonedRuns, startHeartbeat, thisProcessOwner } from './run-liveness.ts';

export interface RunSummary {
  readonly runId: string;
  readonly status: 'succeeded' | 'partly-failed' | 'failed';
  readonly listed: number;
  /** False when the listing walk stopped at pages of known releases (`listed` counts the pages read). */
  readonly listingComplete?: boolean;
  readonly ingested: readonly IngestOutcome[];
  readonly failed: ReadonlyArray<{ url: string | null; subject: string; stage: string; code: string; message: string }>;
  readonly briefs: readonly BriefOutcome[];
  /** Why there are no briefs, when there is nothing loaded to brief on yet. */
  readonly briefsSkipped?: string;
  /** Notes past their usual publication window and still not loaded. */
  readonly late: readonly LateRelease[];
}

export interface RunOptions extends ListingPlanOptions {
  readonly trigger?: RunTrigger | string;
  /** What the run does (`run`, `backfill`, `rerun`). @defaultValue `rerun` with `rerun`, else `run` */
  readonly kind?: string;
  /** Re-run one release from a stage instead of reading the listing. */
  readonly rerun?: { releaseId: number; from: RerunStage };
  /** Called as releases finish (the CLI draws a progress bar on a terminal). */
  readonly onProgress?: ProgressCallback;
}

export type ProgressCallback = (done: number, total: number, label: string) => void;

/**
 * The main job, in-process: plan (read the listing, or one release for a re-run) → per
 * release fetch → parse → load, oldest first (each is validated against the vintage before
 * it) → render the latest briefs. Every stage is recorded in the run's history; a release
 * that fails is recorded and the others go on. The queue path runs the same stages as jobs.
 */
export async function runPipeline(deps: PipelineDeps, opts: RunOptions = {}): Promise<RunSummary> {
  const { trigger = 'manual', rerun, onProgress, kind, ...planOpts } = opts;
  // A run killed earlier (Ctrl-C twice, OOM, power) would otherwise stay `running` for ever.
  await endAbandonedRuns(deps);
  const runId = await openRun(deps, {
    kind: kind ?? (rerun ? 'rerun' : 'run'),
    trigger,
    parameters: { ...planOpts, ...(rerun ? { rerun } : {}), mode: 'in-process' },
    owner: thisProcessOwner(),
  });
  const d = { ...deps, log: deps.log.child({ runId }) };
  const heartbeat = startHeartbeat(d, runId);
  try {
    return await planAndExecute(d, runId, planOpts, rerun, onProgress);
  } finally {
    heartbeat.stop();
  }
}

async function planAndExecute(d: PipelineDeps, runId: string, planOpts: ListingPlanOptions, rerun: RunOptions['rerun'], onProgress?: ProgressCallback): Promise<RunSummary> {
  // Most runs find nothing new (a note is quarterly, the schedule weekly): the latest brief's data
  // is read while the listing is walked, and used only if the run then ingests nothing, so that
  // nothing this run did can have changed it (issue 13: a run with nothing new). It is the
  // database as of the run's start, a snapshot as consistent as one read after the walk.
  const earlyBrief = rerun ? undefined : readLatestBriefData(d, planOpts.entitySlug).catch(() => undefined);
  let plan: RunPlan;
  try {
    plan = await recordStage(
      d,
      { runId, stage: 'discover', subject: rerun ? `release/${rerun.releaseId}` : 'listing', counts: (p) => ({ listed: p.listed, planned: p.releases.length }) },
      () => (rerun ? planRerun(d, { ...rerun, entitySlug: planOpts.entitySlug }) : planFromListing(d, planOpts)),
    );
  } catch (e) {
    await settleRun(d, runId);
    throw e;
  }
  return executePlan(d, runId, plan, onProgress, plan.releases.length === 0 ? await earlyBrief : undefined);
}

/** Runs a plan's stages here, in order, recording each; returns what happened. */
export async function executePlan(deps: PipelineDeps, runId: string, plan: RunPlan, onProgress?: ProgressCallback, latestBrief?: LatestBriefData): Promise<RunSummary> {
  // The parse thread boots while the first release is fetched (issue 13: its start-up is seconds).
  if (plan.releases.some((p) => p.from === 'fetch' || p.from === 'parse')) deps.pdf?.prestart?.();
  await writeQueuedStages(deps.db, [
    ...plan.releases.flatMap((p) => plannedStages(runId, p)),
    { runId, stage: 'render', subject: briefsSubject(plan.entitySlug), jobId: null },
  ]);

  const ingested: IngestOutcome[] = [];
  const failed: Array<RunSummary['failed'][number]> = [];
  const fetches = prefetcher(deps, runId, plan.releases);
  let done = 0;
  for (const [i, p] of plan.releases.entries()) {
    const subject = releaseSubject(p.ref);
    onProgress?.(done++, plan.releases.length, `${p.ref.refQuarter} ${p.from}…`);
    let stage: string = p.from;
    try {
      let sha = p.sha256;
      if (p.from === 'fetch') {
        stage = 'fetch';
        const fetched = fetches.take(i);
        // Once this download ends, the next release's starts and runs while this one parses and
        // loads (issue 13): the crawl delay then overlaps work instead of adding to it. Requests
        // still go one at a time through the host's pacing; loads stay one at a time, oldest first.
        void fetched.finally(() => fetches.start(i + 1)).catch(() => undefined);
        sha = (await fetched).sha256;
      }
      let parsed: ParseResult | { sha256: string } = { sha256: sha! };
      if (p.from === 'fetch' || p.from === 'parse') {
        stage = 'parse';
        parsed = await recordStage(deps, { runId, stage: 'parse', subject, counts: parseCounts }, () => parseStage(deps, p.ref, sha!, p.force));
      }
      stage = 'load';
      const loaded = await recordStage(
        deps,
        { runId, stage: 'load', subject, counts: (o) => ({ status: o.status, observationsInserted: o.observationsInserted, warnings: o.warnings }), releaseId: (o) => o.releaseId },
        () => loadStage(deps, p.ref, parsed, p.force),
      );
      ingested.push(loaded);
    } catch (e) {
      // Recorded by recordStage; the rest of the archive goes on.
      failed.push({ url: p.ref.url, subject, stage, ...errorFields(e) });
    }
  }
  onProgress?.(done, plan.releases.length, 'briefs…');
  const render = await recordStage(
    deps,
    { runId, stage: 'render', subject: briefsSubject(plan.entitySlug), counts: (r) => ('briefs' in r ? { briefs: r.briefs.length, reused: r.briefs.filter((b) => b.reused).length } : { briefs: 0 }) },
    () => renderStage(deps, runId, plan.entitySlug, plan.releases.length === 0 ? latestBrief : undefined),
  ).catch(async (e: unknown) => {
    await settleRun(deps, runId);
    throw e;
  });
  if ('skipped' in render) {
    await recordSkipped(deps, { runId, stage: 'render', subject: briefsSubject(plan.entitySlug), code: 'BRIEF_NO_DATA', message: render.skipped });
  }
  const settled = await settleRun(deps, runId);
  const row = await runById(deps.db, runId);
  const late = ((row?.summary as { late?: LateRelease[] } | null)?.late ?? []) as LateRelease[];
  return {
    runId,
    status: settled?.status ?? 'failed',
    listed: plan.listed,
    ...(plan.listingComplete !== undefined ? { listingComplete: plan.listingComplete } : {}),
    ingested,
    failed,
    briefs: 'briefs' in render ? render.briefs : [],
    late,
    ...('skipped' in render ? { briefsSkipped: render.skipped } : {}),
  };
}

export function parseCounts(r: ParseResult): Record<string, unknown> {
  return r.status === 'parsed' ? { status: 'parsed', figures: r.figures } : { status: 'unchanged', releaseId: r.outcome.releaseId };
}

/**
 * Fetch stages started ahead of their turn, at most one release ahead. Each is recorded like any
 * stage; a failure is kept for its release's turn (and handled then), never left unhandled.
 */
function prefetcher(deps: PipelineDeps, runId: string, releases: readonly PlannedRelease[]) {
  const started = new Map<number, Promise<FetchResult>>();
  const start = (i: number): void => {
    const p = releases[i];
    if (!p || p.from !== 'fetch' || started.has(i)) return;
    const subject = releaseSubject(p.ref);
    const f = recordStage(deps, { runId, stage: 'fetch', subject, counts: (r) => ({ newBytes: r.newBytes, notModified: r.notModified }) }, () => fetchStage(deps, p.ref));
    f.catch(() => undefined);
    started.set(i, f);
  };
  return {
    start,
    take(i: number): Promise<FetchResult> {
      start(i);
      const f = started.get(i)!;
      started.delete(i);
      return f;
    },
  };
}

/** The planned stages of a release, written as `queued` so a failure can mark the rest skipped. */
function plannedStages(runId: string, p: PlannedRelease) {
  const subject = releaseSubject(p.ref);
  return RELEASE_STAGES.slice(RELEASE_STAGES.indexOf(p.from as (typeof RELEASE_STAGES)[number])).map((stage) => ({ runId, stage, subject, jobId: null }));
}
