import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { FatalError } from '../../errors/distretti-error.ts';
import { createRedisConnection } from '../../jobs/connection.ts';
import { createEnqueuer } from '../../jobs/enqueue.ts';
import { createPipelineWorker } from '../../jobs/worker.ts';
import { upsertDiscoverySchedule } from '../../jobs/scheduler.ts';
import { openPipeline } from '../../pipeline/deps.ts';
import { redactUrl } from '../../config.ts';
import { createThreadRenderer } from '../../report/render-thread.ts';

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

export function registerWorker(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('Process pipeline jobs from Redis (BullMQ) until SIGTERM; the active job finishes first.')
    .action(async () => {
      const redisUrl = requireRedis(ctx);
      const config = ctx.config();
      const log = ctx.log();
      // Briefs are drawn on a worker thread so this event loop keeps serving the other job (issue 13).
      const renderer = createThreadRenderer();
      const deps = { ...(await openPipeline(config, log)), renderBrief: renderer.render };
      const conn = createRedisConnection(redisUrl);
      const enqueuer = createEnqueuer(conn, config.queuePrefix);
      const worker = createPipelineWorker({ deps, connection: conn, prefix: config.queuePrefix, concurrency: config.workerConcurrency, enqueuer });
      log.info({ redis: redactUrl(redisUrl), prefix: config.queuePrefix, concurrency: config.workerConcurrency }, 'worker started');
      const signal = await untilSignal();
      log.info({ signal }, 'shutting down: waiting for active jobs');
      await worker.close();
      await enqueuer.close();
      conn.disconnect();
      await renderer.close();
      await deps.close();
    });

  program
    .command('scheduler')
    .description('Register the scheduled discovery run (DISTRETTI_SCHEDULE, DISTRETTI_TZ) and keep it registered until SIGTERM.')
    .option('--once', 'register and exit')
    .action(async (opts: { once?: boolean }) => {
      const redisUrl = requireRedis(ctx);
      const config = ctx.config();
      const log = ctx.log();
      const conn = createRedisConnection(redisUrl);
      const enqueuer = createEnqueuer(conn, config.queuePrefix);
      const register = async () => {
        await upsertDiscoverySchedule(enqueuer.queue, { pattern: config.schedule, tz: config.timezone });
        log.info({ pattern: config.schedule, tz: config.timezone }, 'discovery schedule registered');
      };
      try {
        await register();
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
