import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { FatalError, NotRetryableError } from '../../errors/distretti-error.ts';
import { Queue } from 'bullmq';
import { connectRedis } from '../../jobs/connection.ts';
import { createEnqueuer, type Enqueuer } from '../../jobs/enqueue.ts';
import { listJobs, retryAllFailed, retryJob, type JobState, type JobSummary } from '../../jobs/operate.ts';
import { PIPELINE_QUEUE } from '../../jobs/payloads.ts';

const STATES: JobState[] = ['failed', 'completed', 'active', 'waiting', 'delayed', 'waiting-children'];

async function withQueue<T>(ctx: CliContext, fn: (e: Enqueuer) => Promise<T>): Promise<T> {
  const config = ctx.config();
  if (!config.redisUrl) throw new FatalError('CONFIG_NO_REDIS', 'job commands need REDIS_URL.');
  const conn = await connectRedis(config.redisUrl);
  const e = createEnqueuer(conn, config.queuePrefix);
  try {
    return await fn(e);
  } finally {
    await e.close().catch(() => {});
    conn.disconnect();
  }
}

function jobLine(j: JobSummary): string {
  const when = j.finishedOn ? new Date(j.finishedOn).toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
  return `${j.id}  ${j.name}  ${j.state}  attempts=${j.attemptsMade}  ${when}  ${(j.failedReason ?? '').split('\n')[0]!.slice(0, 160)}`.trimEnd();
}

export function registerJobs(program: Command, ctx: CliContext): void {
  const jobs = program.command('jobs').description('Operate the job queue: list, re-run failed jobs, backfill.');

  jobs
    .command('list')
    .description('List jobs in a state, newest first (JSON lines).')
    .option('--state <state>', `one of ${STATES.join(', ')}`, 'failed')
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 50)
    .option('--format <format>', 'json (one object per line) or table', 'json')
    .action(async (opts: { state: string; limit: number; format: string }) => {
      if (!STATES.includes(opts.state as JobState)) {
        throw new NotRetryableError('CLI_BAD_STATE', `--state must be one of ${STATES.join(', ')}`);
      }
      const list = await withQueue(ctx, (e) => listJobs(e.queue, opts.state as JobState, opts.limit));
      if (opts.format === 'table') {
        if (list.length) ctx.out(list.map(jobLine).join('\n'));
      } else for (const j of list) ctx.out(JSON.stringify(j));
      if (!list.length) process.stderr.write(`no ${opts.state} jobs\n`);
    });

  jobs
    .command('retry')
    .description(
      'Re-run a failed job by id, or every failed job with --all (optionally only one queue, error code or period); --dry-run prints what would be retried. ' +
        'Parents failed only because a child failed are left out: retry the child, or re-run the release with `distretti rerun`.',
    )
    .argument('[id]', 'job id (from `jobs list`)')
    .option('--all', 'every failed job (matching the filters)')
    .option('--queue <name>', 'only this queue', PIPELINE_QUEUE)
    .option('--code <code>', 'only jobs that failed with this error code, e.g. HTTP_THROTTLED')
    .option('--since <date>', 'only jobs that failed on or after this date (YYYY-MM-DD)')
    .option('--dry-run', 'print what would be retried and stop')
    .action(async (id: string | undefined, opts: { all?: boolean; queue: string; code?: string; since?: string; dryRun?: boolean }) => {
      if (!id && !opts.all) throw new NotRetryableError('CLI_USAGE', 'give a job id or --all');
      const since = opts.since ? new Date(opts.since) : undefined;
      if (since && (Number.isNaN(since.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(opts.since!))) {
        throw new NotRetryableError('CLI_BAD_DATE', `--since must be a date like 2026-01-31 (got "${opts.since}")`);
      }
      await withQueue(ctx, async (e) => {
        if (!opts.all) {
          await retryJob(e.queue, id!);
          ctx.out(`retried job ${id}`);
          return;
        }
        const queue = opts.queue === PIPELINE_QUEUE ? e.queue : new Queue(opts.queue, { connection: e.queue.opts.connection, prefix: ctx.config().queuePrefix });
        try {
          const chosen = await retryAllFailed(queue, { code: opts.code, since }, { dryRun: opts.dryRun });
          for (const j of chosen) ctx.out(`${opts.dryRun ? 'would retry' : 'retried'}  ${jobLine(j)}`);
          ctx.out(`${chosen.length} failed job${chosen.length === 1 ? '' : 's'} ${opts.dryRun ? 'would be retried (dry run: nothing changed)' : 'retried'}`);
        } finally {
          if (queue !== e.queue) await queue.close();
        }
      });
    });

  jobs
    .command('backfill')
    .description('Enqueue ingestion of every listed release not loaded yet, optionally within cover years.')
    .option('--from <year>', 'first cover year', (v) => Number.parseInt(v, 10))
    .option('--to <year>', 'last cover year', (v) => Number.parseInt(v, 10))
    .action(async (opts: { from?: number; to?: number }) => {
      const id = await withQueue(ctx, (e) =>
        e.add('run', { trigger: 'backfill', ...(opts.from ? { fromYear: opts.from } : {}), ...(opts.to ? { toYear: opts.to } : {}) }),
      );
      ctx.out(`enqueued backfill run job ${id}`);
    });

  jobs
    .command('reparse')
    .description('Enqueue a re-parse of a stored release (no refetch).')
    .requiredOption('--release <id>', 'release id', (v) => Number.parseInt(v, 10))
    .action(async (opts: { release: number }) => {
      const id = await withQueue(ctx, (e) => e.add('reparse-release', { releaseId: opts.release }));
      ctx.out(`enqueued reparse job ${id}`);
    });
}
