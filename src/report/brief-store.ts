import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { BriefLang, ObservationKey } from './types.ts';

/** A stored brief as the report stage needs it back. */
export interface StoredBrief {
  readonly id: number;
  readonly sha256: string;
  readonly bytes: Buffer;
  readonly runId: string | null;
}

export interface NewBrief {
  readonly entityId: number;
  readonly year: number;
  readonly quarter: number;
  readonly lang: BriefLang;
  readonly inputsHash: string;
  readonly sha256: string;
  readonly bytes: Buffer;
  readonly basedOnReleaseId: number;
  readonly runId: string;
}

/** The brief rendered from exactly these inputs, if one is stored. */
export async function findBriefByInputsHash(db: Kysely<Database>, inputsHash: string): Promise<StoredBrief | undefined> {
  const row = await db.selectFrom('briefs').select(['id', 'sha256', 'bytes', 'run_id']).where('inputs_hash', '=', inputsHash).executeTakeFirst();
  return row ? { id: row.id, sha256: row.sha256, bytes: Buffer.from(row.bytes), runId: row.run_id } : undefined;
}

/** {@link findBriefByInputsHash} without the PDF's bytes: enough to tell whether a copy on disk is it. */
export async function findBriefDigestByInputsHash(db: Kysely<Database>, inputsHash: string): Promise<{ id: number; sha256: string } | undefined> {
  return db.selectFrom('briefs').select(['id', 'sha256']).where('inputs_hash', '=', inputsHash).executeTakeFirst();
}

/**
 * Stores a brief and its lineage (one `brief_observations` row per observation used) in one
 * transaction. Idempotent on `inputs_hash`: when a concurrent run stored the same inputs
 * first, nothing is written and that brief is returned with `inserted: false`.
 */
export async function insertBrief(
  db: Kysely<Database>,
  brief: NewBrief,
  lineage: readonly ObservationKey[],
): Promise<{ brief: StoredBrief; inserted: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('briefs')
      .values({
        entity_id: brief.entityId,
        period_year: brief.year,
        period_quarter: brief.quarter,
        lang: brief.lang,
        inputs_hash: brief.inputsHash,
        sha256: brief.sha256,
        bytes: brief.bytes,
        based_on_release_id: brief.basedOnReleaseId,
        run_id: brief.runId,
      })
      .onConflict((oc) => oc.column('inputs_hash').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) {
      const existing = await findBriefByInputsHash(trx, brief.inputsHash);
      if (!existing) throw new Error(`brief with inputs hash ${brief.inputsHash} conflicted but cannot be read back`);
      return { brief: existing, inserted: false };
    }
    if (lineage.length > 0) {
      await trx
        .insertInto('brief_observations')
        .values(
          lineage.map((o) => ({
            brief_id: row.id,
            release_id: o.releaseId,
            entity_id: o.entityId,
            period_year: o.periodYear,
            period_first_month: o.periodFirstMonth,
            period_last_month: o.periodLastMonth,
            metric: o.metric,
          })),
        )
        .execute();
    }
    return { brief: { id: row.id, sha256: brief.sha256, bytes: brief.bytes, runId: brief.runId }, inserted: true };
  });
}
