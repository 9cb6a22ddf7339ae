import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { TEST_DATABASE_URL } from '../helpers/db.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { connectDatabase } from '../../db/connect.ts';

const codeOf = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code ?? String(e));

/**
 * Issue 10: the `pg` pool had no `error` listener, so an idle connection dropping (PostgreSQL
 * restarted, network cut) killed the process. Through a proxy the test cuts and restores.
 */
describe('database connections that break (real PostgreSQL behind a breakable proxy)', () => {
  let proxy: TcpProxy;
  let url: string;
  beforeAll(async () => {
    const pg = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy({ host: pg.hostname, port: Number(pg.port || 5432) });
    pg.port = String(proxy.port);
    url = pg.toString();
  });
  afterAll(async () => proxy?.close());

  it('survives idle connections dropping, fails queries as DB_UNAVAILABLE meanwhile, and recovers', async () => {
    const dropped: Error[] = [];
    const h = await connectDatabase({ databaseUrl: url, maxConnections: 3, onConnectionError: (e) => dropped.push(e) });
    try {
      // Three idle connections in the pool.
      await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(h.db)));
      proxy.break();
      await new Promise((r) => setTimeout(r, 200));
      expect(dropped.length).toBeGreaterThanOrEqual(1); // reported, not thrown: the process lives on
      expect(await codeOf(sql`select 1`.execute(h.db))).toBe('DB_UNAVAILABLE');
      // A transaction cut halfway fails typed too.
      proxy.restore();
      const tx = h.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        proxy.break();
        await sql`select pg_sleep(0.1)`.execute(trx);
      });
      expect(await codeOf(tx)).toBe('DB_UNAVAILABLE');
      proxy.restore();
      const r = await sql<{ one: number }>`select 1 as one`.execute(h.db);
      expect(r.rows[0]!.one).toBe(1);
    } finally {
      proxy.restore();
      await h.close();
    }
  });

  it('fails to open with DB_UNAVAILABLE, with no password in the message', async () => {
    proxy.break();
    try {
      const withPassword = new URL(url);
      withPassword.username = 'postgres';
      withPassword.password = 'hunter2';
      const e = await connectDatabase({ databaseUrl: withPassword.toString() }).then(
        () => undefined,
        (x: Error & { code?: string }) => x,
      );
      expect(e?.code).toBe('DB_UNAVAILABLE');
      expect(e?.message).not.toContain('hunter2');
      expect(e?.message).toContain(`127.0.0.1:${proxy.port}`);
    } finally {
      proxy.restore();
    }
  });
});
