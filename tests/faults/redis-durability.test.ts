import { afterAll, describe, expect, it } from 'vitest';
import { createPrivateRedis, type PrivateRedis } from '../helpers/private-redis.ts';
import { connectRedis } from '../../src/jobs/connection.ts';
import { checkRedisDurability } from '../../src/jobs/redis-durability.ts';

/** The worker's start-up check: jobs can be lost when Redis evicts keys or forgets them on restart. */
describe('Redis durability check (private redis-server instances)', () => {
  const servers: PrivateRedis[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  const check = async (opts: { aof: boolean }) => {
    const r = await createPrivateRedis(opts);
    servers.push(r);
    const conn = await connectRedis(r.url);
    try {
      return await checkRedisDurability(conn);
    } finally {
      conn.disconnect();
    }
  };

  it('finds nothing to warn about with AOF and noeviction', async () => {
    const report = await check({ aof: true });
    expect(report).toMatchObject({ maxmemoryPolicy: 'noeviction', aofEnabled: true, problems: [] });
  });

  it('warns that a restart loses every job when persistence is off', async () => {
    const report = await check({ aof: false });
    expect(report.aofEnabled).toBe(false);
    expect(report.problems).toEqual([expect.stringContaining('persistence is off')]);
  });

  it('warns about an evicting policy', async () => {
    const r = await createPrivateRedis({ aof: true });
    servers.push(r);
    const conn = await connectRedis(r.url);
    try {
      await conn.config('SET', 'maxmemory-policy', 'allkeys-lru'); // this test's own server
      const report = await checkRedisDurability(conn);
      expect(report.problems).toEqual([expect.stringContaining('maxmemory-policy is "allkeys-lru"')]);
    } finally {
      conn.disconnect();
    }
  });
});
