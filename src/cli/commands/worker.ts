import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { FatalError } from '../../errors/distretti-error.ts';
import { JobCancelledError } from '../../errors/job-cancelled-error.ts';
import { connectRedis, createRedisConnection, waitForRedis } from '../../jobs/connection.ts';
import { createEnqueuer } from '../../jobs/enqueue.ts';
import { createPipelineWorker } from '../../jobs/worker.ts';
import { catchUpMissedRuns, reconcileSchedules, type ScheduleSettings } from '../../jobs/scheduler.ts';
import { checkRedisDurability } from '../../jobs/redis-durability.ts';
import { stopWorker } from '../../jobs/shutdown.ts';
import { untilAvailable } from '../../jobs/wait-for-service.ts';
import { openPipeline } from '../../pipeline/deps.ts';
import { redactUrl } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { Redis } from 'ioredis';
import { createThreadRenderer } from '../../report/render-thread.ts';

function requireRedis(ctx: CliContext): string {
  const url = ctx.config().redisUrl;
  if (!url) throw new FatalError('CONFIG_NO_REDIS', 'this command needs REDIS_URL (e.g. redis://127.0.0.1:6379).');
  return url;
}

/** Aborts on the first SIGTERM or SIGINT: waiting for services and the main loop both listen to it. */
function shutdownSignal(): AbortSignal {
  const ac = new AbortController();
  const on = (s: NodeJS.Signals) => ac.abort(s);
  process.once('SIGTERM', on);
  process.once('SIGINT', on);
  return ac.signal;
}

function aborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((r) => signal.addEventListener('abort', () => r(), { once: true }));
}

/** A SIGTERM while still waiting for a service is a normal, quick exit. */
async function unlessStopped<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof JobCancelledError) return undefined;
    throw e;
  }
}

/** Warns loudly (error level, one line per problem) when Redis could lose queued jobs. */
async function warnIfJobsCouldBeLost(conn: Redis, log: Logger): Promise<void> {
  const report = await checkRedisDurability(conn);
  for (const problem of report.problems) log.error({ code: 'REDIS_NOT_DURABLE' }, `jobs could be lost: ${problem} (README "Production")`);
}

const WORKER_MAX_RETRY_AFTER_MS = 30_000;

/** The schedule settings of the configuration (validated when it was read). */
export function scheduleSettings(config: ReturnType<CliContext['config']>): ScheduleSettings {
  return { pattern: config.schedule, windowPattern: config.windowSchedule, tz: config.timezone, missedRuns: config.missedRuns };
}

export function registerWorker(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description(
      'Process pipeline jobs from Redis (BullMQ) until SIGTERM; the active job finishes, or goes back to the queue after DISTRETTI_SHUTDOWN_GRACE_MS. Waits for PostgreSQL and Redis when they are down.',
    )
    .action(async () => {
      const redisUrl = requireRedis(ctx);
      const config = ctx.config();
      const log = ctx.log();
      // Waits longer than 30 s (a publisher's Retry-After) go back to the queue instead of holding the worker.
      const stop = shutdownSignal();
      if ((await unlessStopped(waitForRedis(redisUrl, { log, signal: stop }))) === undefined && stop.aborted) return;
      const opened = await unlessStopped(untilAvailable('database', () => openPipeline(config, log, { maxRetryAfterMs: WORKER_MAX_RETRY_AFTER_MS }), { log, signal: stop }));
      if (!opened) return;
      // Briefs are drawn on a worker thread so this event loop keeps serving the other job, and the
      // worker releases that thread when idle, as it does the parse thread (issue 13: memory).
      const renderer = createThreadRenderer();
      const deps = opened;
      const conn = createRedisConnection(redisUrl, { log });
      const enqueuer = createEnqueuer(conn, config.queuePrefix);
      try {
        await warnIfJobsCouldBeLost(conn, log);
        const worker = createPipelineWorker({
          deps,
          renderer,
          connection: conn,
          prefix: config.queuePrefix,
          concurrency: config.workerConcurrency,
          enqueuer,
          stalls: { lockDuration: config.workerLockMs, stalledInterval: config.workerStalledIntervalMs, maxStalledCount: config.workerMaxStalled },
          outage: { baseMs: config.outageBackoffMs },
        });
        log.info({ redis: redactUrl(redisUrl), prefix: config.queuePrefix, concurrency: config.workerConcurrency, pid: process.pid }, 'worker started');
        await aborted(stop);
        log.info({ signal: stop.reason as string, graceMs: config.shutdownGraceMs }, 'shutting down: waiting for active jobs');
        const outcome = await stopWorker(worker, { graceMs: config.shutdownGraceMs, log });
        log.info({ outcome }, 'worker stopped');
      } finally {
        await enqueuer.close().catch(() => {});
        conn.disconnect();
        await renderer.close();
        await deps.close();
      }
    });

  program
    .command('scheduler')
    .description(
      'Reconcile the schedules (DISTRETTI_SCHEDULE weekly, DISTRETTI_WINDOW_SCHEDULE daily while a note is due, DISTRETTI_TZ), queue missed runs (DISTRETTI_MISSED_RUNS), keep them registered until SIGTERM; waits for Redis when it is down (with --once: exits 75).',
    )
    .option('--once', 'register and exit')
    .action(async (opts: { once?: boolean }) => {
      const redisUrl = requireRedis(ctx);
      const config = ctx.config();
      const log = ctx.log();
      const stop = opts.once ? undefined : shutdownSignal();
      if (stop && (await unlessStopped(waitForRedis(redisUrl, { log, signal: stop }))) === undefined && stop.aborted) return;
      const conn = opts.once ? await connectRedis(redisUrl) : createRedisConnection(redisUrl, { log });
      const enqueuer = createEnqueuer(conn, config.queuePrefix);
      const settings = scheduleSettings(config);
      const register = async () => {
        const r = await reconcileSchedules(enqueuer.queue, settings);
        log.info({ ...r, pattern: settings.pattern, windowPattern: settings.windowPattern, tz: settings.tz }, 'schedules reconciled');
      };
      try {
        await register();
        // Catching up needs the run history: wait for PostgreSQL as for Redis (with --once: exit 75).
        const deps = stop
          ? await unlessStopped(untilAvailable('database', () => openPipeline(config, log), { log, signal: stop }))
          : await openPipeline(config, log);
        if (deps) {
          try {
            await catchUpMissedRuns(deps.db, enqueuer.queue, settings, { now: new Date(), log });
          } finally {
            await deps.close();
          }
        }
        if (stop) {
          // Re-assert hourly: a Redis flushed or restored from an old snapshot gets it back.
          const timer = setInterval(() => void register().catch((err) => log.error({ err }, 'could not register schedule')), 3600_000);
          await aborted(stop);
          clearInterval(timer);
        }
      } finally {
        await enqueuer.close().catch(() => {});
        conn.disconnect();
      }
    });
}
