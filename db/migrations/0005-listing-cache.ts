import { sql, type Kysely } from 'kysely';

/**
 * The last copy of each listing page with its validators (issue 13): a run revalidates pages
 * with If-None-Match / If-Modified-Since and reads the stored copy on 304, and `checked_at`
 * tells when a page was last walked (the schedule of full walks).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('listing_pages')
    .addColumn('adapter_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('final_url', 'text', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('listing_pages_pkey', ['adapter_id', 'url'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('listing_pages').ifExists().execute();
}
