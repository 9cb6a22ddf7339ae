import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface BriefListing {
  id: number;
  entity: string;
  entitySlug: string;
  period: string;
  lang: 'it' | 'en';
  sha256: string;
  byteSize: number;
  createdAt: Date;
  releaseId: number | null;
}

/** Briefs, newest first, without their bytes. */
export async function listBriefs(db: Kysely<Database>, limit = 200): Promise<BriefListing[]> {
  const rows = await db
    .selectFrom('briefs as b')
    .innerJoin('entities as e', 'e.id', 'b.entity_id')
    .select((eb) => [
      'b.id',
      'e.name as entity',
      'e.slug as entitySlug',
      'b.period_year',
      'b.period_quarter',
      'b.lang',
      'b.sha256',
      eb.fn<number>('octet_length', ['b.bytes']).as('byteSize'),
      'b.created_at',
      'b.based_on_release_id',
    ])
    .orderBy('b.created_at', 'desc')
    .orderBy('b.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    entity: r.entity,
    entitySlug: r.entitySlug,
    period: `${r.period_year}Q${r.period_quarter}`,
    lang: r.lang,
    sha256: r.sha256,
    byteSize: Number(r.byteSize),
    createdAt: r.created_at,
    releaseId: r.based_on_release_id,
  }));
}

export async function briefBytes(
  db: Kysely<Database>,
  id: number,
): Promise<{ bytes: Uint8Array; sha256: string; slug: string; period: string; lang: string } | undefined> {
  const r = await db
    .selectFrom('briefs as b')
    .innerJoin('entities as e', 'e.id', 'b.entity_id')
    .select(['b.bytes', 'b.sha256', 'e.slug', 'b.period_year', 'b.period_quarter', 'b.lang'])
    .where('b.id', '=', id)
    .executeTakeFirst();
  if (!r) return undefined;
  return { bytes: r.bytes, sha256: r.sha256, slug: r.slug, period: `${r.period_year}Q${r.period_quarter}`, lang: r.lang };
}
