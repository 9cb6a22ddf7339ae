import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<any>: they describe the schema at their own point in time,
// not the current Database interface.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('entities')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('distretto','polo','aggregato')`))
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('data_source', 'text', (c) => c.notNull().defaultTo('ISTAT'))
    .addUniqueConstraint('entities_region_name_key', ['region', 'name'])
    .execute();

  await db.schema
    .createTable('entity_aliases')
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('alias_norm', 'text', (c) => c.notNull())
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull().references('entities.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('entity_aliases_pkey', ['region', 'alias_norm'])
    .execute();

  await db.schema
    .createTable('raw_documents')
    .addColumn('sha256', 'text', (c) => c.primaryKey().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text')
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('fetches')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('final_url', 'text')
    .addColumn('status', 'integer')
    .addColumn('headers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('sha256', 'text', (c) => c.references('raw_documents.sha256'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fetches_url_idx').on('fetches').columns(['url', 'fetched_at']).execute();

  await db.schema
    .createTable('releases')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('cover_year', 'integer', (c) => c.notNull())
    .addColumn('cover_month', 'integer', (c) => c.notNull().check(sql`cover_month between 1 and 12`))
    .addColumn('note_number', 'text')
    .addColumn('data_cutoff', 'date')
    .addColumn('ref_year', 'integer')
    .addColumn('ref_quarter', 'integer', (c) => c.check(sql`ref_quarter between 1 and 4`))
    .addColumn('published_on', 'date')
    .addColumn('url', 'text')
    .addColumn('document_sha256', 'text', (c) => c.references('raw_documents.sha256'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('discovered','fetched','parsed','loaded','quarantined','failed')`),
    )
    .addColumn('status_detail', 'jsonb')
    .addColumn('fingerprint', 'jsonb')
    .addColumn('discovered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('releases_natural_key', ['series', 'region', 'cover_year', 'cover_month'])
    .execute();

  await db.schema
    .createTable('release_entities')
    .addColumn('release_id', 'integer', (c) => c.notNull().references('releases.id').onDelete('cascade'))
    .addColumn('entity_id', 'integer', (c) => c.notNull().references('entities.id'))
    .addPrimaryKeyConstraint('release_entities_pkey', ['release_id', 'entity_id'])
    .execute();

  await db.schema
    .createTable('observations')
    .addColumn('release_id', 'integer', (c) => c.notNull().references('releases.id').onDelete('cascade'))
    .addColumn('entity_id', 'integer', (c) => c.notNull().references('entities.id'))
    .addColumn('period_year', 'integer', (c) => c.notNull())
    .addColumn('period_first_month', 'integer', (c) => c.notNull().check(sql`period_first_month between 1 and 12`))
    .addColumn('period_last_month', 'integer', (c) => c.notNull().check(sql`period_last_month between 1 and 12`))
    .addColumn('metric', 'text', (c) =>
      c.notNull().check(sql`metric in ('exports_meur','yoy_pct','delta_meur','vs2019_pct')`),
    )
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('derived', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('page', 'integer')
    .addColumn('x', 'double precision')
    .addColumn('y', 'double precision')
    .addColumn('table_id', 'text')
    .addColumn('row_label', 'text')
    .addColumn('column_label', 'text')
    .addColumn('raw_text', 'text')
    .addPrimaryKeyConstraint('observations_pkey', [
      'release_id',
      'entity_id',
      'period_year',
      'period_first_month',
      'period_last_month',
      'metric',
    ])
    .execute();
  await db.schema
    .createIndex('observations_figure_idx')
    .on('observations')
    .columns(['entity_id', 'metric', 'period_year', 'period_first_month', 'period_last_month'])
    .execute();

  await db.schema
    .createTable('validation_findings')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('release_id', 'integer', (c) => c.notNull().references('releases.id').onDelete('cascade'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('error','warning')`))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('briefs')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('entity_id', 'integer', (c) => c.notNull().references('entities.id'))
    .addColumn('period_year', 'integer', (c) => c.notNull())
    .addColumn('period_quarter', 'integer', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull().check(sql`lang in ('it','en')`))
    .addColumn('inputs_hash', 'text', (c) => c.notNull().unique())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('based_on_release_id', 'integer', (c) => c.references('releases.id'))
    .addColumn('run_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('brief_observations')
    .addColumn('brief_id', 'integer', (c) => c.notNull().references('briefs.id').onDelete('cascade'))
    .addColumn('release_id', 'integer', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('period_year', 'integer', (c) => c.notNull())
    .addColumn('period_first_month', 'integer', (c) => c.notNull())
    .addColumn('period_last_month', 'integer', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('brief_observations_pkey', [
      'brief_id',
      'release_id',
      'entity_id',
      'period_year',
      'period_first_month',
      'period_last_month',
      'metric',
    ])
    .execute();

  await db.schema
    .createTable('pipeline_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running','succeeded','failed')`))
    .addColumn('job_id', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('summary', 'jsonb')
    .addColumn('error', 'jsonb')
    .execute();

  // The newest vintage of every figure: the loaded release with the latest reference
  // quarter (then cover date) that printed it. Quarantined releases never count.
  await sql`
    create view latest_observations as
    select distinct on (o.entity_id, o.metric, o.period_year, o.period_first_month, o.period_last_month)
      o.release_id, o.entity_id, o.period_year, o.period_first_month, o.period_last_month,
      o.metric, o.value, o.derived
    from observations o
    join releases r on r.id = o.release_id
    where r.status = 'loaded'
    order by o.entity_id, o.metric, o.period_year, o.period_first_month, o.period_last_month,
      r.ref_year desc nulls last, r.ref_quarter desc nulls last,
      r.cover_year desc, r.cover_month desc, o.derived asc
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop view if exists latest_observations`.execute(db);
  for (const t of [
    'pipeline_runs',
    'brief_observations',
    'briefs',
    'validation_findings',
    'observations',
    'release_entities',
    'releases',
    'fetches',
    'raw_documents',
    'entity_aliases',
    'entities',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
