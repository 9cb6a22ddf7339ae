import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { FatalError, NotRetryableError } from '../../errors/distretti-error.ts';
import { connectRedis } from '../../jobs/connection.ts';
import { createEnqueuer, type Enqueuer } from '../../jobs/enqueue.ts';
import { listJobs, retryAllFailed, retryJob, type JobState } from '../../jobs/operate.ts';

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

export function registerJobs(program: Command, ctx: CliContext): void {
  const jobs = program.command('jobs').description('Operate the job queue: list, re-run failed jobs, backfill.');

  jobs
    .command('list')
    .description('List jobs in a state, newest first (JSON lines).')
    .option('--state <state>', `one of ${STATES.join(', ')}`, 'failed')
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 50)
    .action(async (opts: { state: string; limit: number }) => {
      if (!STATES.includes(opts.state as JobState)) {
        throw new NotRetryableError('CLI_BAD_STATE', `--state must be one of ${STATES.join(', ')}`);
      }
      const list = await withQueue(ctx, (e) => listJobs(e.queue, opts.state as JobState, opts.limit));
      for (const j of list) ctx.out(JSON.stringify(j));
      if (!list.length) process.stderr.write(`no ${opts.state} jobs\n`);
    });

  jobs
    .command('retry')
    .description('Re-run a failed job by id, or every failed job with --all.')
    .argument('[id]', 'job id (from `jobs list`)')
    .option('--all', 'every failed job')
    .action(async (id: string | undefined, opts: { all?: boolean }) => {
      if (!id && !opts.all) throw new NotRetryableError('CLI_USAGE', 'give a job id or --all');
      await withQueue(ctx, async (e) => {
        if (opts.all) ctx.out(`retried ${await retryAllFailed(e.queue)} failed jobs`);
        else {
          await retryJob(e.queue, id!);
          ctx.out(`retried job ${id}`);
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
