import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { connectDatabase } from '../../../db/connect.ts';
import { migrateToLatest } from '../../../db/migrator.ts';
import { embeddedDatabaseDir } from '../../data-dir.ts';

export function registerMigrate(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description('Bring the database schema up to date (DATABASE_URL, or the embedded database).')
    .action(async () => {
      const c = ctx.config();
      const h = await connectDatabase({ databaseUrl: c.databaseUrl, dataDir: embeddedDatabaseDir(c.dataDir) });
      try {
        const applied = await migrateToLatest(h.db);
        ctx.out(applied.length ? `applied: ${applied.join(', ')}` : 'schema up to date');
      } finally {
        await h.close();
      }
    });
}
