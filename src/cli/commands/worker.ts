import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { FatalError } from '../../errors/distretti-error.ts';
import { createRedisConnection } from '../../jobs/connection.ts';
import { createEnqueuer } from '../../jobs/enqueue.ts';
import { createPipelineWorker } from '../../jobs/worker.ts';
import { catchUpMissedRuns, reconcileSchedules, type ScheduleSettings } from '../../jobs/scheduler.ts';
import { openPipeline } from '../../pipeline/deps.ts';
import { redactUrl } from '../../config.ts';

function requireRedis(ctx: CliContext): string {
  const url = ctx.config().redisUrl;
  if (!url) throw new FatalError('CONFIG_NO_REDIS', 'this command needs REDIS_URL (e.g. redis://127.0.0.1:6379).');
  return url;
}

/** Resolves when SIGTERM or SIGINT arrives. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals) => resolve(s);
    process.once('SIGTERM', on);
    process.once('SIGINT', on);
  });
}

const WORKER_MAX_RETRY_AFTER_MS = 30_000;

/** The schedule settings of the configuration (validated when it was read). */
export function scheduleSettings(config: ReturnType<CliContext['config']>): ScheduleSettings {
  return { pattern: config.schedule, windowPattern: config.windowSchedule, tz: config.timezone, missedRuns: config.missedRuns };
}

export function registerWorker(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('Process pipeline jobs from Redis (BullMQ) until SIGTERM; the active job finishes first.')
    .action(async () => {
      const redisUrl = requireRedis(ctx);
      const config = ctx.config();
      const log = ctx.log();
      // Waits longer than 30 s (a publisher's Retry-After) go back to the queue instead of holding the worker.
      const deps = await openPipeline(config, log, { maxRetryAfterMs: WORKER_MAX_RETRY_AFTER_MS });
      const conn = createRedisConnection(redisUrl);
      const enqueuer = createEnqueuer(conn, config.queuePrefix);
      const worker = createPipelineWorker({ deps, connection: conn, prefix: config.queuePrefix, concurrency: config.workerConcurrency, enqueuer });
      log.info({ redis: redactUrl(redisUrl), prefix: config.queuePrefix, concurrency: config.workerConcurrency }, 'worker started');
      const signal = await untilSignal();
      log.info({ signal }, 'shutting down: waiting for active jobs');
      await worker.close();
      await enqueuer.close();
      conn.disconnect();
      await deps.close();
    });

  program
    .command('scheduler')
    .description('Reconcile the schedules (DISTRETTI_SCHEDULE weekly, DISTRETTI_WINDOW_SCHEDULE daily while a note is due, DISTRETTI_TZ), queue missed runs (DISTRETTI_MISSED_RUNS), keep them registered until SIGTERM.')
    .option('--once', 'register and exit')
    .action(async (opts: { once?: boolean }) => {
      const redisUrl = requireRedis(ctx);
      const config = ctx.config();
      const log = ctx.log();
      const conn = createRedisConnection(redisUrl);
      const enqueuer = createEnqueuer(conn, config.queuePrefix);
      const settings = scheduleSettings(config);
      const register = async () => {
        const r = await reconcileSchedules(enqueuer.queue, settings);
        log.info({ ...r, pattern: settings.pattern, windowPattern: settings.windowPattern, tz: settings.tz }, 'schedules reconciled');
      };
      try {
        await register();
        const deps = await openPipeline(config, log);
        try {
          await catchUpMissedRuns(deps.db, enqueuer.queue, settings, { now: new Date(), log });
        } finally {
          await deps.close();
        }
        if (!opts.once) {
          // Re-assert hourly: a Redis flushed or restored from an old snapshot gets it back.
          const timer = setInterval(() => void register().catch((err) => log.error({ err }, 'could not register schedule')), 3600_000);
          await untilSignal();
          clearInterval(timer);
        }
      } finally {
        await enqueuer.close();
        conn.disconnect();
      }
    });
}
