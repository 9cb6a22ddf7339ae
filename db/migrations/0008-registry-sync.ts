import { sql, type Kysely } from 'kysely';

/**
 * Which version of each region's entity registry the database holds (issue 13).
 *
 * Every CLI call and worker start made sure the bundled registry was in the database by upserting
 * every entity and alias of every region: a few queries that are most of what an embedded run with
 * nothing new does after opening the database. The registry only changes with the code, so the
 * sync now records a fingerprint of what it wrote, and start-up compares one row instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('registry_syncs')
    .addColumn('region', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('synced_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('registry_syncs').ifExists().execute();
}
