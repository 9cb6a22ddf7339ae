import { join } from 'node:path';
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.ts';
import { DatabaseUnavailableError } from '../src/errors/service-unavailable-error.ts';
import { connectionFailureReason, isConnectionFailure } from '../src/errors/connection-failure.ts';
import { trackCopyClients } from './copy-clients.ts';
import { isNewEmbeddedDatabase, openPGliteThread, PGLITE_SETTINGS, type ThreadedPGlite } from './pglite-thread.ts';

export { isNewEmbeddedDatabase };

export interface DbHandle {
  readonly db: Kysely<Database>;
  /** 'postgres' for a server, 'pglite' for the embedded default. */
  readonly engine: 'postgres' | 'pglite';
  /** Whether this call created the embedded database (an empty data directory): nothing is loaded in it yet. */
  readonly created: boolean;
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
  /** Longest wait for a new server connection before `DB_UNAVAILABLE`. @defaultValue 5000 */
  connectTimeoutMs?: number | undefined;
  /** The embedded database's thread, already started by the caller (open-database.ts), and whether it creates the database. */
  pglite?: { readonly client: Promise<ThreadedPGlite>; readonly created: boolean } | undefined;
  /**
   * Told about connections that broke while nobody was using them (server restarted, network
   * cut). Without a listener `pg` would crash the process; the pool replaces them on next use.
   * @defaultValue ignore
   */
  onConnectionError?: ((err: Error) => void) | undefined;
  /** Check the server answers before returning (fails fast with `DB_UNAVAILABLE`). @defaultValue true */
  probe?: boolean | undefined;
}

// `date` columns come back as plain 'YYYY-MM-DD' strings: a Date would shift them by the
// local time zone. int8 (bigserial ids, count(*)) fits a JS number for our sizes.
const DATE_OID = 1082;
const INT8_OID = 20;
function pgTypes(types: typeof pg.types): pg.CustomTypesConfig {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === DATE_OID) return (v: string) => v;
      if (oid === INT8_OID) return (v: string) => Number(v);
      return types.getTypeParser(oid, format as 'text');
    },
  } as pg.CustomTypesConfig;
}

/** Opens the configured database: PostgreSQL via `pg`, or embedded PGlite. */
export async function connectDatabase(opts: ConnectOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const url = opts.databaseUrl;
    // Loaded here: the embedded default (the README's first command) never needs `pg`.
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.maxConnections ?? 10,
      types: pgTypes(pg.types),
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
      ...(opts.schema ? { options: `-c search_path=${quoteIdent(opts.schema)}` } : {}),
    });
    trackCopyClients(pool);
    const onError = opts.onConnectionError ?? (() => {});
    // Idle clients report through the pool; checked-out clients emit on themselves, and an
    // 'error' event without a listener kills the process (issue 10: PostgreSQL stopped
    // mid-ingest crashed the worker). The query in flight still rejects, typed below.
    pool.on('error', onError);
    pool.on('connect', (client) => client.on('error', onError));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: typedPool(pool, url) }) });
    if (opts.probe ?? true) {
      try {
        await sql`select 1`.execute(db);
      } catch (e) {
        await db.destroy().catch(() => {});
        throw e;
      }
    }
    return { db, engine: 'postgres', created: false, close: () => db.destroy() };
  }
  const dataDir = opts.dataDir ?? 'var/pgdata';
  // An empty directory gets initdb's output unpacked instead of running initdb (see pglite-seed.ts);
  // without a seed for this PGlite version, PGlite runs initdb itself. Both on PGlite's own thread.
  const created = opts.pglite?.created ?? isNewEmbeddedDatabase(dataDir);
  const client = await (opts.pglite?.client ?? openPGliteThread({ dataDir, seed: created, startParams: PGLITE_SETTINGS }));
  // Loaded lazily: production (pg) never needs it.
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client as unknown as ConstructorParameters<typeof PGliteDialect>[0]) });
  return {
    db,
    engine: 'pglite',
    created,
    close: async () => {
      await db.destroy();
      await client.close();
    },
  };
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new RangeError(`unsafe schema name "${name}"`);
  return name;
}

/** Connection failures (refused, reset, terminated, timed out) as `DB_UNAVAILABLE`; other errors as they are. */
function toTyped(e: unknown, url: string): unknown {
  return isConnectionFailure(e) ? new DatabaseUnavailableError(url, connectionFailureReason(e), { cause: e }) : e;
}

/** The pool as Kysely sees it, with connection failures typed at the two places they surface. */
function typedPool(pool: pg.Pool, url: string): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw toTyped(e, url);
      }
      return {
        query: ((...args: unknown[]) => {
          const r = (client.query as (...a: unknown[]) => unknown)(...args);
          return r instanceof Promise ? r.catch((e: unknown) => Promise.reject(toTyped(e, url))) : r;
        }) as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}
