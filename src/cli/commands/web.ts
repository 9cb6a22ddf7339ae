import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { buildWebServer } from '../../web/server.ts';
import { createBriefRequester } from '../../web/brief-requests.ts';
import { createOperatorActions } from '../../web/operator-actions.ts';
import { createRedisConnection } from '../../jobs/connection.ts';
import { createEnqueuer } from '../../jobs/enqueue.ts';
import { openPipeline } from '../../pipeline/deps.ts';

export function registerWeb(program: Command, ctx: CliContext): void {
  program
    .command('web')
    .description("Serve the analysts' web and data API on PORT until SIGTERM (tokens: `distretti tokens create`).")
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .action(async (opts: { host: string }) => {
      const config = ctx.config();
      const log = ctx.log();
      const deps = await openPipeline(config, log);
      // With Redis, briefs and re-parses go to the workers; without, they run in this process.
      const redis = config.redisUrl ? createRedisConnection(config.redisUrl) : null;
      const enqueuer = redis ? createEnqueuer(redis, config.queuePrefix) : undefined;
      const app = await buildWebServer({
        db: deps.db,
        log,
        briefs: createBriefRequester({ db: deps.db, log, codeVersion: deps.codeVersion, enqueuer }),
        operator: createOperatorActions({ pipeline: deps, enqueuer }),
        queue: enqueuer?.queue ?? null,
        redis,
        trustProxy: config.trustProxy,
      });
      await app.listen({ port: config.port, host: opts.host });
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', () => resolve());
        process.once('SIGINT', () => resolve());
      });
      await app.close();
      await enqueuer?.close();
      redis?.disconnect();
      await deps.close();
    });
}
