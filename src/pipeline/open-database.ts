import { resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { DbHandle } from '../../db/connect.ts';
import { isNewEmbeddedDatabase, openPGliteThread, PGLITE_SETTINGS } from '../../db/pglite-thread.ts';
import type { EarlyDatabase } from '../cli/early-database.ts';
import { embeddedDatabaseDir } from '../data-dir.ts';

/**
 * Starts opening the configured database: PostgreSQL (DATABASE_URL) or the embedded PGlite under
 * DISTRETTI_DATA_DIR/pgdata, on its own thread. A module of its own, apart from the pipeline's, so
 * a command can set it going before it loads everything else: the embedded database's thread is
 * started before even Kysely loads, and opens on the other core meanwhile (issue 13).
 *
 * @param log - asked for only when a connection breaks: a command's logger may still be loading.
 * @param opts.early - an embedded database the CLI started opening on a guess: used when this
 *   configuration names the same one, closed otherwise.
 */
export async function openDatabaseFor(config: Config, log: () => Logger, opts: { schema?: string | undefined; early?: EarlyDatabase | undefined } = {}): Promise<DbHandle> {
  const dataDir = embeddedDataDir(config);
  const created = !config.databaseUrl && isNewEmbeddedDatabase(dataDir);
  const early = opts.early && !config.databaseUrl && resolve(dataDir) === opts.early.dataDir ? opts.early.take() : undefined;
  if (!early) void opts.early?.release();
  const pglite = config.databaseUrl ? undefined : { client: early ?? openPGliteThread({ dataDir, seed: created, startParams: PGLITE_SETTINGS }), created };
  // Whatever happens to the caller, an opened thread must not be left unowned.
  pglite?.client.catch(() => {});
  let connectDatabase: typeof import('../../db/connect.ts').connectDatabase;
  try {
    ({ connectDatabase } = await import('../../db/connect.ts'));
  } catch (e) {
    await pglite?.client.then((c) => c.close(), () => {});
    throw e;
  }
  return connectDatabase({
    databaseUrl: config.databaseUrl,
    dataDir,
    schema: opts.schema,
    ...(pglite ? { pglite } : {}),
    onConnectionError: (err) => log().warn({ code: 'DB_CONNECTION_LOST', reason: err.message }, 'a database connection broke; the pool replaces it on next use'),
  });
}

/** Where the embedded database lives. */
export function embeddedDataDir(config: Config): string {
  return embeddedDatabaseDir(config.dataDir);
}
