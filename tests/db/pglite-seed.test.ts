import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { connectDatabase } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { pgliteVersion, seedPath } from '../../db/pglite-seed.ts';

/**
 * An empty data directory is unpacked from PGlite's own initdb output instead of running
 * initdb (issue 13: ~8.5 s of CPU and ~450 MB of memory saved on the first command).
 */
describe('embedded database seed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'distretti-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exists for the installed PGlite (after upgrading it: npm run pglite:seed)', () => {
    expect(existsSync(seedPath()), `no seed for PGlite ${pgliteVersion()}`).toBe(true);
  });

  it('creates a database that migrates, keeps its rows and reopens as an existing one', async () => {
    const dataDir = join(dir, 'pgdata');
    const first = await connectDatabase({ dataDir });
    try {
      expect(first.created).toBe(true);
      expect((await migrateToLatest(first.db)).length).toBeGreaterThan(0);
      await sql`insert into entities (slug, name, kind, sector, region, data_source) values ('seed-check', 'Seed check', 'distretto', 'test', 'emilia-romagna', 'ISTAT')`.execute(first.db);
    } finally {
      await first.close();
    }
    const again = await connectDatabase({ dataDir });
    try {
      expect(again.created).toBe(false);
      expect(await migrateToLatest(again.db)).toEqual([]);
      const rows = await sql<{ name: string; enc: string }>`select name, pg_encoding_to_char(encoding) as enc from entities, pg_database where slug = 'seed-check' and datname = current_database()`.execute(again.db);
      expect(rows.rows).toEqual([{ name: 'Seed check', enc: 'UTF8' }]);
    } finally {
      await again.close();
    }
  }, 120_000);
});
