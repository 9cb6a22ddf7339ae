import { FlowProducer, Queue, type FlowJob, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DiscoveredRelease } from '../extract/discover.ts';
import { PIPELINE_QUEUE, type JobName, type JobPayloads } from './payloads.ts';
import { DEFAULT_JOB_OPTIONS } from './retry-policy.ts';

/** Adds jobs and flows; the worker's `run` job uses it to fan out. */
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
 * The releases to ingest as a chain ending in the briefs: BullMQ runs children before
 * their parent, so nesting each ingest under the next one makes them run oldest first
 * (each release is validated against the vintage before it), and the briefs last.
 * `ignoreDependencyOnFailure`: a release that fails does not block the newer ones.
 */
export function enqueueIngestChain(args: {
  runId: string;
  releases: readonly DiscoveredRelease[];
  briefs?: Omit<JobPayloads['render-briefs'], 'runId'>;
}): FlowJob {
  const childOpts = { ...DEFAULT_JOB_OPTIONS, ignoreDependencyOnFailure: true };
  let chain: FlowJob | undefined;
  for (const r of args.releases) {
    const data: JobPayloads['ingest-release'] = {
      url: r.url,
      runId: args.runId,
      hint: {
        series: r.series,
        region: r.region,
        title: r.title,
        coverYear: r.coverYear,
        coverMonth: r.coverMonth,
        publishedOn: r.publishedOn ?? null,
      },
    };
    chain = {
      name: 'ingest-release',
      queueName: PIPELINE_QUEUE,
      data,
      opts: childOpts,
      ...(chain ? { children: [chain] } : {}),
    } as FlowJob;
  }
  const briefs: JobPayloads['render-briefs'] = { runId: args.runId, ...args.briefs };
  return {
    name: 'render-briefs',
    queueName: PIPELINE_QUEUE,
    data: briefs,
    opts: DEFAULT_JOB_OPTIONS,
    ...(chain ? { children: [chain] } : {}),
  } as FlowJob;
}
