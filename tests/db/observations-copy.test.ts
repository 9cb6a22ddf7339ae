import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { connectDatabase, type DbHandle } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import type { Database } from '../../db/schema.ts';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import { syncRegistry } from '../../db/queries/entities.ts';
import { copyObservationRows } from '../../db/queries/observations-copy.ts';
import { upsertObservationRows, type KeyedObservationRow } from '../../db/queries/observations.ts';

/** Rows whose text needs every escape of COPY's text format, plus NULLs and a float that must round-trip. */
function rowsFor(releaseId: number, entityId: number): KeyedObservationRow[] {
  const labels = ['plain', 'tab\there', 'line\nbreak', 'back\\slash', 'cr\rend', 'quote "q" ; é', '\\N'];
  return labels.map((label, i) => ({
    release_id: releaseId,
    entity_id: entityId,
    period_year: 2020 + i,
    period_first_month: 1,
    period_last_month: 3,
    metric: 'exports_meur' as const,
    value: 0.1 + 0.2 + i,
    derived: i % 2 === 0,
    page: i === 3 ? null : i,
    x: i === 4 ? null : 12.5,
    y: 700.25,
    table_id: 'p3',
    row_label: label,
    column_label: i === 5 ? null : `col ${i}`,
    raw_text: label,
  }));
}

async function prepare(db: Kysely<Database>, n: number): Promise<{ releaseIds: number[]; entityId: number }> {
  const ids = await syncRegistry(db, EMILIA_ROMAGNA);
  const entityId = ids.values().next().value as number;
  const releaseIds: number[] = [];
  for (let i = 0; i < n; i++) {
    const sha = randomBytes(32).toString('hex');
    await db.insertInto('raw_documents').values({ sha256: sha, bytes: Buffer.from('%PDF-'), byte_size: 5, content_type: 'application/pdf' }).execute();
    const r = await db
      .insertInto('releases')
      .values({ source: 'test', series: `s-${sha.slice(0, 8)}`, region: 'emilia-romagna', title: 't', cover_year: 2024, cover_month: 1, document_sha256: sha, status: 'loaded' })
      .returning('id')
      .executeTakeFirstOrThrow();
    releaseIds.push(r.id);
  }
  return { releaseIds, entityId };
}

const stored = async (db: Kysely<Database>, releaseId: number) =>
  (await sql`select entity_id, period_year, period_first_month, period_last_month, metric, value, derived, page, x, y, table_id, row_label, column_label, raw_text
             from observations where release_id = ${releaseId} order by period_year`.execute(db)).rows;

describe('COPY load path (issue 13)', () => {
  let t: TestDb;
  let dir: string;
  let lite: DbHandle;
  beforeAll(async () => {
    t = await createTestDb();
    dir = mkdtempSync(join(tmpdir(), 'distretti-copy-'));
    lite = await connectDatabase({ dataDir: join(dir, 'pgdata') });
    await migrateToLatest(lite.db);
  });
  afterAll(async () => {
    await t.close();
    await lite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies inside the caller\'s transaction, storing exactly what the INSERT path stores', async () => {
    const { releaseIds, entityId } = await prepare(t.db, 2);
    const [viaCopy, viaInsert] = releaseIds as [number, number];
    const copied = await t.db.transaction().execute((trx) => copyObservationRows(trx, rowsFor(viaCopy, entityId), undefined));
    expect(copied).toBe(7);
    const inserted = await upsertObservationRows(t.db, rowsFor(viaInsert, entityId), { copy: false });
    expect(inserted.inserted).toBe(7);
    expect(await stored(t.db, viaCopy)).toEqual(await stored(t.db, viaInsert));
    expect((await stored(t.db, viaCopy)).map((r) => (r as { raw_text: string }).raw_text)).toEqual(rowsFor(0, 0).map((r) => r.raw_text));
  });

  it('keeps foreign keys: a row of an unknown entity fails the COPY and the transaction leaves nothing', async () => {
    const { releaseIds, entityId } = await prepare(t.db, 1);
    const releaseId = releaseIds[0]!;
    const rows = rowsFor(releaseId, entityId);
    const bad = [...rows, { ...rows[0]!, period_year: 1999, entity_id: 999_999 }];
    const err = await t.db.transaction().execute((trx) => upsertObservationRows(trx, bad)).catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/foreign key/);
    expect(await stored(t.db, releaseId)).toEqual([]);
  });

  it('is used for a first load on PostgreSQL and not on the embedded database, which inserts instead', async () => {
    const lp = await prepare(lite.db, 1);
    expect(await copyObservationRows(lite.db, rowsFor(lp.releaseIds[0]!, lp.entityId), undefined)).toBeUndefined();
    const counts = await upsertObservationRows(lite.db, rowsFor(lp.releaseIds[0]!, lp.entityId));
    expect(counts.inserted).toBe(7);
    expect((await stored(lite.db, lp.releaseIds[0]!)).length).toBe(7);
  }, 120_000);
});
