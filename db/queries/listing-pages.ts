import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface StoredListingPage {
  readonly url: string;
  readonly finalUrl: string;
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  readonly body: string;
}

/** The stored copy of one listing page, if any. */
export async function storedListingPage(db: Kysely<Database>, adapterId: string, url: string): Promise<StoredListingPage | undefined> {
  const row = await db
    .selectFrom('listing_pages')
    .select(['url', 'final_url', 'etag', 'last_modified', 'body'])
    .where('adapter_id', '=', adapterId)
    .where('url', '=', url)
    .executeTakeFirst();
  return row && { url: row.url, finalUrl: row.final_url, etag: row.etag ?? undefined, lastModified: row.last_modified ?? undefined, body: row.body };
}

/** Stores (or refreshes) a page's copy and marks it checked at `at`. */
export async function saveListingPage(db: Kysely<Database>, adapterId: string, page: StoredListingPage, at: Date): Promise<void> {
  const values = {
    final_url: page.finalUrl,
    etag: page.etag ?? null,
    last_modified: page.lastModified ?? null,
    body: page.body,
    checked_at: at,
  };
  await db
    .insertInto('listing_pages')
    .values({ adapter_id: adapterId, url: page.url, ...values })
    .onConflict((oc) => oc.columns(['adapter_id', 'url']).doUpdateSet(values))
    .execute();
}

/** When the least recently checked stored page was checked: the last full walk, at the latest. */
export async function oldestListingCheck(db: Kysely<Database>, adapterId: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('listing_pages')
    .select((eb) => eb.fn.min('checked_at').as('oldest'))
    .where('adapter_id', '=', adapterId)
    .executeTakeFirst();
  return row?.oldest ? new Date(row.oldest as Date | string) : undefined;
}

/** After a full walk: forgets pages the listing no longer has, so they do not hold the schedule back. */
export async function forgetListingPagesExcept(db: Kysely<Database>, adapterId: string, urls: readonly string[]): Promise<void> {
  let q = db.deleteFrom('listing_pages').where('adapter_id', '=', adapterId);
  if (urls.length > 0) q = q.where('url', 'not in', [...urls]);
  await q.execute();
}
