import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from './helpers/db.ts';
import { migrateToLatest } from '../db/migrator.ts';

describe('migrations on PostgreSQL', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates every table in the test schema and is idempotent', async () => {
    const rows = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = ${t.schema} order by table_name
    `.execute(t.db);
    const names = rows.rows.map((r) => r.table_name);
    for (const n of ['entities', 'entity_aliases', 'raw_documents', 'fetches', 'releases', 'observations', 'briefs', 'pipeline_runs', 'latest_observations']) {
      expect(names).toContain(n);
    }
    expect(await migrateToLatest(t.db)).toEqual([]);
  });

  it('rejects a metric outside the vocabulary', async () => {
    await expect(
      sql`insert into observations (release_id, entity_id, period_year, period_first_month, period_last_month, metric, value)
          values (1, 1, 2025, 1, 3, 'bogus', 1)`.execute(t.db),
    ).rejects.toThrow();
  });
});
