import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { connectDatabase, type DbHandle } from '../../db/connect.ts';

/**
 * Starts opening the configured database: PostgreSQL (DATABASE_URL) or the embedded PGlite under
 * DISTRETTI_DATA_DIR/pgdata, on its own thread. A module of its own, apart from the pipeline's, so
 * a command can set it going before it loads everything else (the embedded database then opens
 * on the other core meanwhile; issue 13).
 */
export function openDatabaseFor(config: Config, log: Logger, opts: { schema?: string | undefined } = {}): Promise<DbHandle> {
  return connectDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: embeddedDataDir(config),
    schema: opts.schema,
    onConnectionError: (err) => log.warn({ code: 'DB_CONNECTION_LOST', reason: err.message }, 'a database connection broke; the pool replaces it on next use'),
  });
}

/** Where the embedded database lives. */
export function embeddedDataDir(config: Config): string {
  return join(config.dataDir, 'pgdata');
}
