import type { CliContext } from './context.ts';
import type { OpenedDeps } from '../pipeline/deps.ts';
import { FatalError } from '../errors/distretti-error.ts';
import type { Enqueuer } from '../jobs/enqueue.ts';
import type { JobPayloads } from '../jobs/payloads.ts';
import { openRun } from '../pipeline/run-record.ts';
import { setRunJobId } from '../../db/queries/runs.ts';
import { runPipeline, type RunOptions, type RunSummary } from '../pipeline/run.ts';
import { createProgress } from './progress.ts';

/** Opens the queue (REDIS_URL), runs `fn`, always closes. */
export async function withQueue<T>(ctx: CliContext, fn: (e: Enqueuer) => Promise<T>): Promise<T> {
  const config = ctx.config();
  if (!config.redisUrl) throw new FatalError('CONFIG_NO_REDIS', 'this command needs REDIS_URL (e.g. redis://127.0.0.1:6379).');
  // Imported here, not at the top: BullMQ and ioredis are ~0.1 s of module loading that a run in
  // this process (the README's first command) never needs.
  const [{ connectRedis }, { createEnqueuer }] = await Promise.all([import('../jobs/connection.ts'), import('../jobs/enqueue.ts')]);
  const conn = await connectRedis(config.redisUrl);
  const e = createEnqueuer(conn, config.queuePrefix);
  try {
    return await fn(e);
  } finally {
    await e.close();
    conn.disconnect();
  }
}

export type Dispatched = { queued: true; runId: string; jobId: string } | { queued: false; summary: RunSummary };

/**
 * A run for the workers when Redis is configured (its row is opened here, so the operator gets
 * its id at once), in this process otherwise or with `inProcess` — the same orchestration either way.
 */
export async function dispatchRun(
  ctx: CliContext,
  deps: OpenedDeps,
  run: Omit<RunOptions, 'onProgress'> & { trigger: NonNullable<JobPayloads['run']['trigger']> },
  opts: { inProcess?: boolean; kind: string },
): Promise<Dispatched> {
  if (ctx.config().redisUrl && !opts.inProcess) {
    const { trigger, ...params } = run;
    const runId = await openRun(deps, { kind: opts.kind, trigger, parameters: { ...params, mode: 'queue' } });
    const jobId = `run.${runId}`;
    await withQueue(ctx, (e) => e.add('run', { ...run, runId } as JobPayloads['run'], { jobId }));
    await setRunJobId(deps.db, runId, jobId);
    return { queued: true, runId, jobId };
  }
  const progress = createProgress();
  try {
    return { queued: false, summary: await runPipeline(deps, { ...run, kind: opts.kind, onProgress: (d, t, l) => progress.update(d, t, l) }) };
  } finally {
    progress.done();
  }
}

/** One line per outcome, for the terminal. */
export function describeDispatch(d: Dispatched): string {
  if (d.queued) return `run ${d.runId} queued (job ${d.jobId}); follow it with \`distretti runs show ${d.runId}\``;
  const s = d.summary;
  const lines = [
    `run ${s.runId} ${s.status}: ${s.ingested.filter((i) => i.status === 'loaded').length} loaded, ` +
      `${s.ingested.filter((i) => i.status === 'unchanged').length} unchanged, ${s.failed.length} failed`,
  ];
  for (const f of s.failed) lines.push(`  failed at ${f.stage}: ${f.subject}\n    ${f.code}: ${f.message.split('\n')[0]}`);
  lines.push(`details: distretti runs show ${s.runId}`);
  return lines.join('\n');
}
