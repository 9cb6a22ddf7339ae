import { sql, type Kysely } from 'kysely';

/**
 * Liveness of in-process runs and memory of sent alerts (operations, after issue 10).
 *
 * A run executed inside a CLI process has no job in Redis, so nothing noticed when that process
 * was killed: the run stayed `running` for ever. The process now writes who it is (`owner`,
 * `host:pid`) and a heartbeat; a later run or the worker's reconciler ends runs whose owner is
 * gone. `alerts_sent` lets a late or quarantined release alert once per repeat interval instead
 * of on every scheduled run (the claim is one upsert, so two workers cannot both send).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('pipeline_runs')
    .addColumn('owner', 'text')
    .addColumn('heartbeat_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('alerts_sent')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('first_sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('times_sent', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('times_suppressed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alerts_sent').ifExists().execute();
  await db.schema.alterTable('pipeline_runs').dropColumn('heartbeat_at').dropColumn('owner').execute();
}
