import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { EmbeddedDatabaseStoppedError, openPGliteThread, type ThreadedPGlite } from '../../db/pglite-thread.ts';
import { connectDatabase } from '../../db/connect.ts';

/**
 * The embedded database answers from its own thread (issue 13): what crosses the thread boundary
 * must be what PGlite on the calling thread returned (types, errors with their fields, order).
 */
describe('PGlite on its own thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'distretti-pglite-thread-'));
  let pg: ThreadedPGlite;
  beforeAll(async () => {
    pg = await openPGliteThread({ dataDir: join(dir, 'pgdata'), seed: true, startParams: ['-c', 'shared_buffers=16MB'] });
    await pg.query(`create table t (id bigserial primary key, day date not null, at timestamptz not null default now(), doc jsonb, blob bytea, name text unique)`);
  }, 120_000);
  afterAll(async () => {
    await pg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns rows with the types the pipeline expects: date as text, int8 as number, bytea as bytes', async () => {
    const bytes = Uint8Array.from([0, 1, 2, 254, 255]);
    const ins = await pg.query(`insert into t (day, doc, blob, name) values ($1, $2, $3, $4), ($1, null, null, $5) returning id`, ['2025-03-31', JSON.stringify({ a: [1, 'x'] }), bytes, 'one', 'two']);
    expect(ins.rows).toEqual([{ id: 1 }, { id: 2 }]);
    expect(ins.affectedRows).toBe(2);
    const { rows } = await pg.query(`select id, day, at, doc, blob, (select count(*) from t) as n from t where name = $1`, ['one']);
    const row = rows[0] as Record<string, unknown>;
    expect(row).toMatchObject({ id: 1, day: '2025-03-31', doc: { a: [1, 'x'] }, n: 2 });
    expect(row.at).toBeInstanceOf(Date);
    expect([...(row.blob as Uint8Array)]).toEqual([...bytes]);
    expect((await pg.query(`update t set doc = null`)).affectedRows).toBe(2);
  });

  it('a PostgreSQL error arrives with its SQLSTATE and fields, and the thread goes on answering', async () => {
    const err = await pg.query(`insert into t (day, name) values ('2025-01-01', 'one')`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: '23505', constraint: 't_name_key', table: 't' });
    expect((err as Error).message).toMatch(/duplicate key/);
    expect((await pg.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('answers statements in the order they were sent, however many are in flight', async () => {
    await pg.query('create table seq (n int)');
    await Promise.all(Array.from({ length: 50 }, (_, n) => pg.query('insert into seq values ($1)', [n])));
    const { rows } = await pg.query('select array_agg(n order by ctid) as ns from seq');
    expect((rows[0] as { ns: number[] }).ns).toEqual(Array.from({ length: 50 }, (_, n) => n));
  });

  it('through Kysely: a failed transaction rolls back', async () => {
    const dataDir = join(dir, 'kysely');
    const h = await connectDatabase({ dataDir });
    try {
      expect(h.engine).toBe('pglite');
      await sql`create table k (v int unique)`.execute(h.db);
      await expect(
        h.db.transaction().execute(async (trx) => {
          await sql`insert into k values (1)`.execute(trx);
          await sql`insert into k values (1)`.execute(trx);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect((await sql<{ n: number }>`select count(*)::int as n from k`.execute(h.db)).rows).toEqual([{ n: 0 }]);
    } finally {
      await h.close();
    }
    // Closed cleanly: it reopens as an existing database with the table, without recovery.
    const again = await connectDatabase({ dataDir });
    try {
      expect(again.created).toBe(false);
      expect((await sql<{ n: number }>`select count(*)::int as n from k`.execute(again.db)).rows).toEqual([{ n: 0 }]);
    } finally {
      await again.close();
    }
  }, 120_000);

  it('after close, a statement fails with DB_EMBEDDED_STOPPED; closing twice is fine', async () => {
    const other = await openPGliteThread({ dataDir: join(dir, 'kysely'), seed: false, startParams: [] });
    await other.close();
    await other.close();
    expect(other.closed).toBe(true);
    const e = await other.query('select 1').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EmbeddedDatabaseStoppedError);
    expect(e).toMatchObject({ code: 'DB_EMBEDDED_STOPPED', disposition: 'retryable' });
  }, 60_000);

  it('a directory PGlite cannot open rejects the open (the thread ends; nothing hangs)', async () => {
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'not a database');
    await expect(openPGliteThread({ dataDir: notADir, seed: false, startParams: [] })).rejects.toBeInstanceOf(Error);
  }, 60_000);
});
