import { FlowProducer, Queue, type FlowJob, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { PipelineDeps } from '../pipeline/deps.ts';
import type { PlannedRelease, RunPlan } from '../pipeline/plan.ts';
import { briefsSubject, inputHash, RELEASE_STAGES, releaseSubject, type ReleaseStage } from '../pipeline/release-ref.ts';
import { recordSkipped } from '../pipeline/run-record.ts';
import { writeStage } from '../../db/queries/runs.ts';
import { PIPELINE_QUEUE, type JobName, type JobPayloads } from './payloads.ts';
import { DEFAULT_JOB_OPTIONS } from './retry-policy.ts';

/** Adds jobs and flows. */
export interface Enqueuer {
  add<N extends JobName>(name: N, data: JobPayloads[N], opts?: JobsOptions): Promise<string>;
  /** Returns the root job's id. */
  addFlow(flow: FlowJob): Promise<string>;
  readonly queue: Queue;
  close(): Promise<void>;
}

export function createEnqueuer(connection: Redis, prefix: string): Enqueuer {
  const queue = new Queue(PIPELINE_QUEUE, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  const flows = new FlowProducer({ connection, prefix });
  // Without a listener BullMQ prints every connection error with its stack (issue 10: hundreds of
  // lines while Redis was down). The connection itself logs them, throttled (./connection.ts).
  queue.on('error', () => {});
  flows.on('error', () => {});
  return {
    queue,
    async add(name, data, opts) {
      const job = await queue.add(name, data, opts);
      return job.id!;
    },
    async addFlow(flow) {
      const node = await flows.add(flow);
      return node.job.id!;
    },
    async close() {
      await flows.close();
      await queue.close();
    },
  };
}

/**
 * A stage's job id: source, stage, release and a hash of its inputs, so two overlapping runs
 * that plan the same work get the same id and BullMQ queues it once. (`:` is not allowed in ids.)
 */
export function stageJobId(source: string, stage: ReleaseStage | 'render', subject: string, inputs: unknown): string {
  return `${stage}.${source}.${subject.replaceAll('/', '.').replaceAll(':', '_')}.${inputHash(inputs)}`;
}

function stageInputs(p: PlannedRelease, stage: ReleaseStage): unknown {
  const base = { url: p.ref.url, force: p.force, sha256: p.sha256 ?? null };
  return stage === 'fetch' ? { url: p.ref.url } : { ...base, from: p.from };
}

const IN_FLIGHT = new Set(['active', 'waiting', 'waiting-children', 'delayed', 'prioritized']);

/**
 * Whether a job id may be (re)queued: yes when unknown; a finished job of an earlier run is
 * removed first (its history is in PostgreSQL) so the id can be reused; no when it is still
 * queued or running — another run is doing that very work.
 */
async function admit(queue: Queue, id: string): Promise<boolean> {
  const state = await queue.getJobState(id);
  if (state === 'unknown') return true;
  if (IN_FLIGHT.has(state)) return false;
  try {
    await queue.remove(id, { removeChildren: false });
    return true;
  } catch {
    return false; // locked or still a dependency of something running: treat as in flight
  }
}

/**
 * Queues a planned run: per release fetch → parse → load (a BullMQ flow: children run first),
 * releases chained oldest first (each release's first job waits for the previous `load`, so each
 * is validated against the vintage before it), the `render` job last. A failed fetch or parse fails its own release's later jobs
 * (`failParentOnFailure`) and never holds up the next release or the briefs
 * (`ignoreDependencyOnFailure` on `load`). Stage rows are written first, with their job ids, so
 * the run's history and the reconciler see every job.
 */
export async function enqueueRunPlan(
  enq: Enqueuer,
  deps: PipelineDeps,
  runId: string,
  plan: RunPlan,
): Promise<{ enqueued: number; alreadyQueued: string[]; renderJobId: string | null }> {
  const source = deps.adapter.id;
  const alreadyQueued: string[] = [];
  let chain: FlowJob | undefined;
  const loadIds: string[] = [];
  for (const p of plan.releases) {
    const subject = releaseSubject(p.ref);
    const stages = RELEASE_STAGES.slice(RELEASE_STAGES.indexOf(p.from as ReleaseStage));
    const ids = Object.fromEntries(stages.map((s) => [s, stageJobId(source, s, subject, stageInputs(p, s))])) as Partial<Record<ReleaseStage, string>>;
    let free = true;
    for (const s of stages) free = free && (await admit(enq.queue, ids[s]!));
    if (!free) {
      alreadyQueued.push(subject);
      for (const s of stages) {
        await recordSkipped(deps, { runId, stage: s, subject, code: 'ALREADY_QUEUED', message: `another run has this work queued (job ${ids[s]})`, jobId: ids[s]! });
      }
      continue;
    }
    for (const s of stages) await writeStage(deps.db, { runId, stage: s, subject, status: 'queued', jobId: ids[s]! });
    const data = { runId, ref: p.ref, force: p.force, ...(p.sha256 ? { sha256: p.sha256 } : {}) };
    const node = (name: ReleaseStage, opts: JobsOptions, children: FlowJob[]): FlowJob => ({
      name,
      queueName: PIPELINE_QUEUE,
      data,
      opts: { ...DEFAULT_JOB_OPTIONS, jobId: ids[name]!, ...opts },
      ...(children.length ? { children } : {}),
    });
    // The previous release's `load` is a child of this release's first job: nothing of this
    // release starts before the older one has ended (loaded or failed), so a failure cascading
    // up this release's chain can never let a newer release or the briefs overtake an older load.
    const previous = chain ? [chain] : [];
    const fetch = ids.fetch ? node('fetch', { failParentOnFailure: true }, previous) : undefined;
    const parse = ids.parse ? node('parse', { failParentOnFailure: true }, fetch ? [fetch] : previous) : undefined;
    chain = node('load', { ignoreDependencyOnFailure: true }, parse ? [parse] : previous);
    loadIds.push(ids.load!);
  }

  const subject = briefsSubject(plan.entitySlug);
  const renderJobId = stageJobId(source, 'render', subject, { runId, loads: loadIds });
  if (!(await admit(enq.queue, renderJobId))) {
    await recordSkipped(deps, { runId, stage: 'render', subject, code: 'ALREADY_QUEUED', message: `job ${renderJobId} is already queued` });
    return { enqueued: loadIds.length, alreadyQueued, renderJobId: null };
  }
  await writeStage(deps.db, { runId, stage: 'render', subject, status: 'queued', jobId: renderJobId });
  const render: JobPayloads['render'] = { runId, entitySlug: plan.entitySlug };
  await enq.addFlow({
    name: 'render',
    queueName: PIPELINE_QUEUE,
    data: render,
    opts: { ...DEFAULT_JOB_OPTIONS, jobId: renderJobId },
    ...(chain ? { children: [chain] } : {}),
  });
  deps.log.info({ runId, enqueued: loadIds.length, alreadyQueued: alreadyQueued.length, renderJobId }, 'run queued');
  return { enqueued: loadIds.length, alreadyQueued, renderJobId };
}
