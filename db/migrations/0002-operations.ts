import { sql, type Kysely } from 'kysely';

/**
 * Run history as the record of truth (issue 10): run ids come from a PostgreSQL sequence
 * (a Redis restart once reset BullMQ's job counter and overwrote a run's row), a run ends
 * only when its last stage does, and every stage of every run is a row operators can read.
 * Parsed documents are kept so a re-run from `load` needs neither the network nor pdf.js.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence pipeline_run_seq`.execute(db);
  await sql`alter table pipeline_runs alter column id set default nextval('pipeline_run_seq')::text`.execute(db);
  await sql`alter table pipeline_runs drop constraint if exists pipeline_runs_status_check`.execute(db);
  await sql`alter table pipeline_runs add constraint pipeline_runs_status_check
    check (status in ('running','succeeded','partly-failed','failed'))`.execute(db);
  await db.schema
    .alterTable('pipeline_runs')
    .addColumn('parameters', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('code_version', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .execute();
  await db.schema.createIndex('pipeline_runs_started_idx').on('pipeline_runs').columns(['started_at']).execute();

  await db.schema
    .createTable('run_stages')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('pipeline_runs.id').onDelete('cascade'))
    .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage in ('discover','fetch','parse','load','render')`))
    // What the stage works on: a release's natural key, `listing`, or `briefs:<entity>`.
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('release_id', 'integer')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('queued','running','retrying','succeeded','failed','skipped')`),
    )
    .addColumn('job_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('counts', 'jsonb')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addUniqueConstraint('run_stages_run_stage_subject_key', ['run_id', 'stage', 'subject'])
    .execute();
  await db.schema.createIndex('run_stages_job_idx').on('run_stages').columns(['job_id']).execute();

  await db.schema
    .createTable('parsed_documents')
    .addColumn('sha256', 'text', (c) => c.primaryKey().references('raw_documents.sha256'))
    .addColumn('extracted', 'jsonb', (c) => c.notNull())
    .addColumn('code_version', 'text', (c) => c.notNull())
    .addColumn('parsed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('parsed_documents').ifExists().execute();
  await db.schema.dropTable('run_stages').ifExists().execute();
  await db.schema
    .alterTable('pipeline_runs')
    .dropColumn('parameters')
    .dropColumn('code_version')
    .dropColumn('error_code')
    .dropColumn('error_message')
    .execute();
  await sql`alter table pipeline_runs alter column id drop default`.execute(db);
  await sql`drop sequence if exists pipeline_run_seq`.execute(db);
}
