import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import * as m0001 from './migrations/0001-init.ts';
import * as m0002 from './migrations/0002-operations.ts';
import * as m0003 from './migrations/0003-access.ts';
import * as m0004 from './migrations/0004-unidentified-releases.ts';
import * as m0005 from './migrations/0005-listing-cache.ts';
import * as m0007 from './migrations/0007-run-liveness.ts';
import * as m0008 from './migrations/0008-registry-sync.ts';

/**
 * Migrations imported statically: Kysely's FileMigrationProvider cannot import
 * `.ts` files under vitest (ERR_UNKNOWN_FILE_EXTENSION), and a static list also
 * makes the order explicit. Add new migrations to the end.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-init': m0001,
  '0002-operations': m0002,
  '0003-access': m0003,
  '0004-unidentified-releases': m0004,
  '0005-listing-cache': m0005,
  '0007-run-liveness': m0007,
  '0008-registry-sync': m0008,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export class MigrationError extends Error {
  readonly code = 'DB_MIGRATION_FAILED';
  constructor(
    message: string,
    readonly results: MigrationResultSet['results'],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Brings the schema up to date; returns the names of migrations it applied. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Pin Kysely's bookkeeping tables to the connection's own schema: unpinned, its
  // "does kysely_migration exist?" check matches the table in ANY schema, so a second
  // schema in the same database (parallel test files, one schema per region or tenant)
  // would skip creating its own and then fail with "relation kysely_migration does not exist".
  const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrationTableSchema = current.rows[0]?.schema ?? undefined;
  if (migrationTableSchema && (await allApplied(db, migrationTableSchema))) return [];
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(), migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(
      `database migration "${failed}" failed: ${error instanceof Error ? error.message : String(error)}. ` +
        'Fix the migration or the database, then run `distretti migrate` again.',
      results,
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Whether every migration is already recorded: one query, where Kysely's migrator spends a dozen
 * statements (DDL checks, lock table) before finding nothing to do — ~0.7 s of CPU on the
 * embedded database at every start (issue 13). Anything missing or unreadable goes the full way.
 */
async function allApplied(db: Kysely<any>, schema: string): Promise<boolean> {
  const table = `${schema}.kysely_migration`;
  const exists = await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(db);
  if (!exists.rows[0]?.t) return false; // a new database
  const rows = await sql<{ name: string }>`select name from ${sql.id(schema, 'kysely_migration')}`.execute(db);
  const done = new Set(rows.rows.map((r) => r.name));
  return Object.keys(MIGRATIONS).every((name) => done.has(name));
}
