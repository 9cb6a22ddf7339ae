import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { trackCopyClients } from './copy-clients.ts';

export interface DbHandle {
  readonly db: Kysely<Database>;
  /** 'postgres' for a server, 'pglite' for the embedded default. */
  readonly engine: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** A postgres:// URL. When absent, an embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string | undefined;
  /** Directory for the embedded database (created if missing). */
  dataDir?: string | undefined;
  /** Postgres schema to use (tests isolate themselves this way). Must already exist. */
  schema?: string | undefined;
  /** Pool size for a server connection. @defaultValue 10 */
  maxConnections?: number | undefined;
}

// `date` columns come back as plain 'YYYY-MM-DD' strings: a Date would shift them by the
// local time zone. int8 (bigserial ids, count(*)) fits a JS number for our sizes.
const DATE_OID = 1082;
const INT8_OID = 20;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return (v: string) => v;
    if (oid === INT8_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/** Opens the configured database: PostgreSQL via `pg`, or embedded PGlite. */
export async function connectDatabase(opts: ConnectOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.maxConnections ?? 10,
      types: pgTypes,
      ...(opts.schema ? { options: `-c search_path=${quoteIdent(opts.schema)}` } : {}),
    });
    trackCopyClients(pool);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const dataDir = opts.dataDir ?? 'var/pgdata';
  mkdirSync(dataDir, { recursive: true });
  // Loaded lazily: PGlite is a 10 MB WASM bundle that production (pg) never needs.
  const { PGlite, types } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const client = await PGlite.create({
    dataDir,
    parsers: { [types.DATE]: (v: string) => v, [types.INT8]: (v: string) => Number(v) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    engine: 'pglite',
    close: async () => {
      await db.destroy();
      if (!client.closed) await client.close();
    },
  };
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new RangeError(`unsafe schema name "${name}"`);
  return name;
}
