import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import * as m0001 from './migrations/0001-init.ts';

/**
 * Migrations imported statically: Kysely's FileMigrationProvider cannot import
 * `.ts` files under vitest (ERR_UNKNOWN_FILE_EXTENSION), and a static list also
 * makes the order explicit. Add new migrations to the end.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-init': m0001,
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
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
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
