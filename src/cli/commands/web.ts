import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { buildWebServer } from '../../web/server.ts';
import { connectDatabase } from '../../../db/connect.ts';
import { migrateToLatest } from '../../../db/migrator.ts';
import { join } from 'node:path';

export function registerWeb(program: Command, ctx: CliContext): void {
  program
    .command('web')
    .description('Serve the analysts\' web (browse and download briefs) on PORT until SIGTERM.')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .action(async (opts: { host: string }) => {
      const config = ctx.config();
      const h = await connectDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pgdata') });
      await migrateToLatest(h.db);
      const app = buildWebServer({ db: h.db, log: ctx.log() });
      await app.listen({ port: config.port, host: opts.host });
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', () => resolve());
        process.once('SIGINT', () => resolve());
      });
      await app.close();
      await h.close();
    });
}
