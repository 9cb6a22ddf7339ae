import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createTestDb, TEST_DATABASE_URL, type TestDb } from '../helpers/db.ts';
import { uniquePrefix, cleanupPrefix, TEST_REDIS_URL } from '../helpers/redis.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { createPrivateRedis, type PrivateRedis } from '../helpers/private-redis.ts';
import { schemaUrl, spawnCli, waitForDrain, workerEnv, type CliProcess } from '../helpers/cli-process.ts';
import { createRedisConnection } from '../../src/jobs/connection.ts';
import { createEnqueuer } from '../../src/jobs/enqueue.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';

// Three notes published by then (2018Q1 … 2018Q3).
const AS_OF = '2019-01-31';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ReleaseCount {
  id: number;
  status: string;
  n: number;
}

/** What a reader sees: every release with its status and how many observations it has. */
async function readerView(t: TestDb): Promise<ReleaseCount[]> {
  const r = await sql<ReleaseCount>`
    select r.id, r.status, (select count(*) from observations o where o.release_id = r.id)::int as n
    from releases r order by r.id`.execute(t.db);
  return r.rows;
}

describe('services lost mid-run (real processes)', () => {
  let publisher: SamplePublisher;
  const cleanups: Array<() => Promise<void> | void> = [];
  const workers: CliProcess[] = [];

  beforeAll(async () => {
    publisher = await startSamplePublisher({ port: 0, asOf: AS_OF });
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    for (const c of cleanups.reverse()) await c();
    await publisher?.close();
  });

  async function setup(opts: { redisUrl: string; pgPort?: number }) {
    const t = await createTestDb();
    const dataDir = mkdtempSync(join(tmpdir(), 'distretti-lost-'));
    const prefix = uniquePrefix();
    cleanups.push(() => t.close(), () => rmSync(dataDir, { recursive: true, force: true }));
    const base = new URL(TEST_DATABASE_URL);
    if (opts.pgPort) base.port = String(opts.pgPort);
    const worker = spawnCli(['worker'], workerEnv({ databaseUrl: schemaUrl(base.toString(), t.schema), redisUrl: opts.redisUrl, prefix, publisherUrl: publisher.url, dataDir }));
    workers.push(worker);
    await worker.waitFor((l) => l.msg === 'worker started', 120_000, 'worker started');
    // Reconnecting, like the worker's: the Redis test kills the server under it.
    const conn = createRedisConnection(opts.redisUrl);
    const enqueuer = createEnqueuer(conn, prefix);
    cleanups.push(async () => {
      await enqueuer.close().catch(() => {});
      conn.disconnect();
    });
    return { t, worker, enqueuer, prefix };
  }

  it('PostgreSQL lost mid-load: jobs fail as retryable, back off, succeed after it returns; no partial release is ever visible', async () => {
    const pg = new URL(TEST_DATABASE_URL);
    const proxy: TcpProxy = await startTcpProxy({ host: pg.hostname, port: Number(pg.port || 5432) });
    cleanups.push(() => proxy.close());
    const { t, worker, enqueuer, prefix } = await setup({ redisUrl: TEST_REDIS_URL, pgPort: proxy.port });
    cleanups.push(() => cleanupPrefix(prefix));

    // A reader on its own connection (not through the proxy) watches throughout.
    const seen: ReleaseCount[][] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        seen.push(await readerView(t));
        await sleep(25);
      }
    })();

    await enqueuer.add('run', { trigger: 'operator' });
    let outages = 0;
    for (let i = 0; i < 2; i++) {
      // Cut PostgreSQL as a load starts (first and second release), for a few seconds.
      const since = worker.lines.length;
      await worker.waitFor((l) => l.msg === 'stage started' && l.stage === 'load', 180_000, 'load start', since);
      await sleep(Math.floor(Math.random() * 40));
      proxy.break();
      outages++;
      await worker.waitFor((l) => l.code === 'DB_UNAVAILABLE', 60_000, 'a job failing with DB_UNAVAILABLE', since);
      await sleep(4000);
      proxy.restore();
    }
    const counts = await waitForDrain(enqueuer.queue, 300_000);
    reading = false;
    await reader;
    seen.push(await readerView(t));

    expect(counts.failed).toBe(0);
    const final = seen.at(-1)!;
    expect(final).toHaveLength(3);
    expect(final.every((r) => r.status === 'loaded' && r.n > 100)).toBe(true);
    const finalCount = new Map(final.map((r) => [r.id, r.n]));
    // Every poll: a release is either absent, or loaded with all of its rows; never in between.
    const partial = seen.flat().filter((r) => (r.status === 'loaded' ? r.n !== finalCount.get(r.id) : r.n !== 0));
    expect(partial).toEqual([]);
    const handedBack = worker.lines.filter((l) => l.code === 'DB_UNAVAILABLE' && String(l.msg).startsWith('job failed as retryable')).length;
    expect(handedBack).toBeGreaterThanOrEqual(outages);
    // The same process did all of it: it never died of the dropped connections.
    expect(worker.child.exitCode).toBeNull();
    console.log(
      `[faults] PostgreSQL lost: ${outages} outages injected mid-load, ${handedBack} jobs failed as retryable and were handed back with a backoff, ` +
        `all recovered (0 failed, worker never restarted); ${seen.length} reader polls, ${seen.flat().length} release states checked, 0 partial`,
    );
  }, 600_000);

  it('Redis lost mid-backfill and restored: the worker reconnects and the backfill completes', async () => {
    const redis: PrivateRedis = await createPrivateRedis({ aof: true });
    cleanups.push(() => redis.close());
    const { t, worker, enqueuer } = await setup({ redisUrl: redis.url });
    await enqueuer.add('run', { trigger: 'backfill' });
    await worker.waitFor((l) => l.msg === 'release loaded', 180_000, 'first release loaded');
    const since = worker.lines.length;
    await redis.kill();
    await sleep(4000);
    await redis.start();
    const counts = await waitForDrain(enqueuer.queue, 300_000);
    expect(counts.failed).toBe(0);
    const final = await readerView(t);
    expect(final).toHaveLength(3);
    expect(final.every((r) => r.status === 'loaded' && r.n > 100)).toBe(true);
    expect(worker.child.exitCode).toBeNull();
    // Error-level log lines, connection errors, and anything that is not a log line (a stack trace).
    const errorLines = worker.lines.slice(since).filter((l) => !('level' in l) || (l.level as number) >= 50 || l.code === 'REDIS_CONNECTION_ERROR').length;
    // An outage costs a few lines, not one per reconnect attempt.
    expect(errorLines).toBeLessThanOrEqual(10);
    console.log(`[faults] Redis lost mid-backfill: 1 fault injected (SIGKILL of redis-server for 4 s), worker reconnected, backfill completed (${final.length} releases loaded, 0 failed), ${errorLines} error lines logged`);
  }, 600_000);
});
