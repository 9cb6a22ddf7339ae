import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { openEmbeddedDatabaseEarly } from '../../src/cli/early-database.ts';
import { openDatabaseFor } from '../../src/pipeline/open-database.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';

const argv = (...args: string[]) => ['node', 'distretti', ...args];
const log = () => createLogger({ level: 'silent' });

/**
 * The CLI starts opening the embedded database from argv and the environment alone, before it
 * loads its configuration (issue 13). A guess: it must never create a database, and the
 * configuration read afterwards decides whether the opened one is used or closed.
 */
describe('the embedded database opened early', () => {
  const dir = mkdtempSync(join(tmpdir(), 'distretti-early-db-'));
  const existing = join(dir, 'existing');
  beforeAll(async () => {
    // An existing embedded database, as a first run leaves it.
    const h = await openDatabaseFor(loadConfig({ DISTRETTI_DATA_DIR: existing, LOG_LEVEL: 'silent' }), log);
    await sql`create table marker (n int)`.execute(h.db);
    await sql`insert into marker values (42)`.execute(h.db);
    await h.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is not attempted for help, for a command without a database, with DATABASE_URL, or where no database exists yet', () => {
    const env = { DISTRETTI_DATA_DIR: existing };
    expect(openEmbeddedDatabaseEarly(argv('run', '--help'), env)).toBeUndefined();
    expect(openEmbeddedDatabaseEarly(argv('help', 'run'), env)).toBeUndefined();
    expect(openEmbeddedDatabaseEarly(argv('parse', 'x.pdf'), env)).toBeUndefined();
    expect(openEmbeddedDatabaseEarly(argv('run'), { ...env, DATABASE_URL: 'postgres://127.0.0.1/test' })).toBeUndefined();
    const fresh = join(dir, 'fresh');
    expect(openEmbeddedDatabaseEarly(argv('run', '--sample'), { DISTRETTI_DATA_DIR: fresh })).toBeUndefined();
    expect(existsSync(fresh), 'a guess never creates a database').toBe(false);
  });

  it('is used by the first open whose configuration names the same directory, and given out once', async () => {
    const early = openEmbeddedDatabaseEarly(argv('run', '--sample'), { DISTRETTI_DATA_DIR: existing })!;
    expect(early.dataDir).toBe(resolve(existing, 'pgdata'));
    const h = await openDatabaseFor(loadConfig({ DISTRETTI_DATA_DIR: existing, LOG_LEVEL: 'silent' }), log, { early });
    try {
      expect(early.take(), 'taken by the open').toBeUndefined();
      expect(h.engine).toBe('pglite');
      expect(h.created).toBe(false);
      expect((await sql<{ n: number }>`select n from marker`.execute(h.db)).rows).toEqual([{ n: 42 }]);
      await early.release(); // taken: releasing closes nothing
      expect((await sql<{ n: number }>`select count(*)::int as n from marker`.execute(h.db)).rows).toEqual([{ n: 1 }]);
    } finally {
      await h.close();
    }
  }, 120_000);

  it('is closed when the configuration names another database, which is the one opened', async () => {
    const early = openEmbeddedDatabaseEarly(argv('run'), { DISTRETTI_DATA_DIR: existing })!;
    const elsewhere = join(dir, 'elsewhere');
    const h = await openDatabaseFor(loadConfig({ DISTRETTI_DATA_DIR: elsewhere, LOG_LEVEL: 'silent' }), log, { early });
    try {
      expect(early.take(), 'released, not handed out').toBeUndefined();
      expect(h.created).toBe(true);
      expect(existsSync(join(elsewhere, 'pgdata', 'PG_VERSION'))).toBe(true);
      await expect(sql`select n from marker`.execute(h.db)).rejects.toThrow(/marker/);
    } finally {
      await h.close();
    }
  }, 120_000);

  it('a guess nobody takes is closed by release(), and the directory opens normally after', async () => {
    const early = openEmbeddedDatabaseEarly(argv('run'), { DISTRETTI_DATA_DIR: existing })!;
    await early.release();
    expect(early.take()).toBeUndefined();
    const h = await openDatabaseFor(loadConfig({ DISTRETTI_DATA_DIR: existing, LOG_LEVEL: 'silent' }), log);
    try {
      expect((await sql<{ n: number }>`select n from marker`.execute(h.db)).rows).toEqual([{ n: 42 }]);
    } finally {
      await h.close();
    }
  }, 120_000);
});
