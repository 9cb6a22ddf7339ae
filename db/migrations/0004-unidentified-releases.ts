import { sql, type Kysely } from 'kysely';

/**
 * Issue 12: a document that could not be read, ingested without listing metadata (`distretti
 * ingest FILE.pdf`), was stored with no release row pointing at it. It is now recorded as a
 * quarantined release whose cover month is unknown: cover_year/cover_month become nullable
 * (NULLs never collide on the natural key, so each such document gets its own row).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table releases alter column cover_year drop not null, alter column cover_month drop not null`.execute(db);
  await sql`alter table releases add constraint releases_cover_known_unless_quarantined
    check ((cover_year is not null and cover_month is not null) or status = 'quarantined')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from releases where cover_year is null or cover_month is null`.execute(db);
  await sql`alter table releases drop constraint releases_cover_known_unless_quarantined`.execute(db);
  await sql`alter table releases alter column cover_year set not null, alter column cover_month set not null`.execute(db);
}
