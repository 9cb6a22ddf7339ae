import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { ExtractedRelease } from '../../src/domain/release.ts';

/** Keeps what parsing a document produced (idempotent: the newest parse wins). */
export async function saveParsedDocument(
  db: Kysely<Database>,
  p: { sha256: string; extracted: ExtractedRelease; codeVersion: string },
): Promise<void> {
  const extracted = JSON.stringify(p.extracted);
  await db
    .insertInto('parsed_documents')
    .values({ sha256: p.sha256, extracted, code_version: p.codeVersion })
    .onConflict((oc) => oc.column('sha256').doUpdateSet({ extracted, code_version: p.codeVersion, parsed_at: new Date() }))
    .execute();
}

export async function parsedDocument(
  db: Kysely<Database>,
  sha256: string,
): Promise<{ extracted: ExtractedRelease; codeVersion: string } | undefined> {
  const row = await db.selectFrom('parsed_documents').select(['extracted', 'code_version']).where('sha256', '=', sha256).executeTakeFirst();
  return row ? { extracted: row.extracted as ExtractedRelease, codeVersion: row.code_version } : undefined;
}
