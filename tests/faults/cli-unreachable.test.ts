import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { createTestDb, TEST_DATABASE_URL, type TestDb } from '../helpers/db.ts';
import { closedPort, startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { createPrivateRedis, type PrivateRedis } from '../helpers/private-redis.ts';
import { schemaUrl, spawnCli, waitForDrain, workerEnv, type CliProcess } from '../helpers/cli-process.ts';
import { uniquePrefix } from '../helpers/redis.ts';
import { connectRedis } from '../../src/jobs/connection.ts';
import { createEnqueuer } from '../../src/jobs/enqueue.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';

const SECRET = 's3cret-pw';
const BOUND_MS = 10_000;

/** Runs the CLI to its end; `ms` is wall time from spawn to exit. */
async function runCli(args: string[], env: Record<string, string>) {
  const p = spawnCli(args, { LOG_LEVEL: 'warn', ...env });
  const exit = await p.exited;
  return { ...exit, lines: p.lines.map((l) => (typeof l.msg === 'string' && !('level' in l) ? l.msg : JSON.stringify(l))) };
}

/** Runs `jobs` two at a time: the machine has two cores. */
async function inPairs<T, R>(items: T[], fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 2) out.push(...(await Promise.all(items.slice(i, i + 2).map(fn))));
  return out;
}

describe('CLI with PostgreSQL or Redis unreachable (real processes)', () => {
  let startupMs = 0;
  let deadPort: number;
  const counts = { commands: 0, exit75: 0 };

  beforeAll(async () => {
    deadPort = await closedPort();
    // Node + tsx start-up on this machine, so the bound applies to what the command itself does.
    const runs = await Promise.all([runCli(['--help'], {}), runCli(['--help'], {})]);
    startupMs = Math.max(...runs.map((r) => r.ms));
  });
  afterAll(() => {
    console.log(`[faults] cli unreachable: ${counts.commands} commands run, ${counts.exit75} exited 75 with one line (start-up ${startupMs} ms)`);
  });

  const check = (code: string, reason = 'ECONNREFUSED') => (r: Awaited<ReturnType<typeof runCli>>, args: string[]) => {
    counts.commands++;
    expect(r.code, `${args.join(' ')}: ${r.lines.join('\n')}`).toBe(75);
    expect(r.lines, args.join(' ')).toHaveLength(1);
    expect(r.lines[0]).toMatch(new RegExp(`^distretti: ${code}: .* is unavailable \\(${reason}`));
    expect(r.lines[0]).not.toContain(SECRET);
    expect(r.ms - startupMs, `${args.join(' ')} took ${r.ms} ms, start-up ${startupMs} ms`).toBeLessThanOrEqual(BOUND_MS);
    counts.exit75++;
  };

  it('every Redis-using command exits 75 with one line, within 10 s', async () => {
    const env = { REDIS_URL: `redis://:${SECRET}@127.0.0.1:${deadPort}`, DATABASE_URL: TEST_DATABASE_URL };
    const commands = [['run', '--enqueue'], ['jobs', 'list'], ['jobs', 'retry', '--all'], ['jobs', 'backfill'], ['jobs', 'reparse', '--release', '1'], ['scheduler', '--once']];
    const results = await inPairs(commands, (args) => runCli(args, env));
    results.forEach((r, i) => check('REDIS_UNAVAILABLE')(r, commands[i]!));
  }, 180_000);

  it('every database-using command exits 75 with one line, within 10 s', async () => {
    const env = { DATABASE_URL: `postgres://distretti:${SECRET}@127.0.0.1:${deadPort}/distretti` };
    const commands = [['releases'], ['migrate'], ['reparse', '--release', '1'], ['series', '--entity', 'biomedicale-mirandola', '--format', 'csv']];
    const results = await inPairs(commands, (args) => runCli(args, env));
    results.forEach((r, i) => check('DB_UNAVAILABLE')(r, commands[i]!));
  }, 180_000);

  it('a server that accepts connections but never answers is given up on within the connect bound', async () => {
    const silent = net.createServer(() => {}); // accepts, says nothing: a hung server or a black hole
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const [redis, pg] = await Promise.all([
        runCli(['jobs', 'list'], { REDIS_URL: `redis://:${SECRET}@127.0.0.1:${port}` }),
        runCli(['releases'], { DATABASE_URL: `postgres://distretti:${SECRET}@127.0.0.1:${port}/distretti` }),
      ]);
      check('REDIS_UNAVAILABLE', '')(redis, ['jobs', 'list']);
      check('DB_UNAVAILABLE', '')(pg, ['releases']);
    } finally {
      silent.close();
    }
  }, 120_000);
});

describe('a worker started while Redis and PostgreSQL are down (real processes)', () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  let redis: PrivateRedis;
  let pgProxy: TcpProxy;
  let worker: CliProcess | undefined;
  let scheduler: CliProcess | undefined;
  let dataDir: string;

  beforeAll(async () => {
    // One note published by then: a short run.
    publisher = await startSamplePublisher({ port: 0, asOf: '2018-08-31' });
    t = await createTestDb();
    redis = await createPrivateRedis({ start: false });
    const pg = new URL(TEST_DATABASE_URL);
    pgProxy = await startTcpProxy({ host: pg.hostname, port: Number(pg.port || 5432) });
    dataDir = mkdtempSync(join(tmpdir(), 'distretti-faults-'));
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    scheduler?.kill('SIGKILL');
    await redis?.close();
    await pgProxy?.close();
    await publisher?.close();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('waits quietly with a backoff, begins work when both return, and stops on SIGTERM (the scheduler too)', async () => {
    pgProxy.break();
    const proxied = new URL(TEST_DATABASE_URL);
    proxied.port = String(pgProxy.port);
    const prefix = uniquePrefix();
    const env = workerEnv({ databaseUrl: schemaUrl(proxied.toString(), t.schema), redisUrl: redis.url, prefix, publisherUrl: publisher.url, dataDir });
    worker = spawnCli(['worker'], env);
    // Its own prefix: the schedule it registers is a delayed job that would never drain.
    scheduler = spawnCli(['scheduler'], { ...env, DISTRETTI_QUEUE_PREFIX: uniquePrefix() });
    await worker.waitFor((l) => l.code === 'REDIS_UNAVAILABLE', 60_000, 'REDIS_UNAVAILABLE wait');
    await scheduler.waitFor((l) => l.code === 'REDIS_UNAVAILABLE', 60_000, 'REDIS_UNAVAILABLE wait (scheduler)');
    await new Promise((r) => setTimeout(r, 4000)); // several retries while down
    await redis.start();
    await scheduler.waitFor((l) => l.msg === 'schedules reconciled', 60_000, 'schedules reconciled');
    await worker.waitFor((l) => l.code === 'DB_UNAVAILABLE', 30_000, 'DB_UNAVAILABLE wait');
    await new Promise((r) => setTimeout(r, 3000));
    pgProxy.restore();
    await worker.waitFor((l) => l.msg === 'worker started', 60_000, 'worker started');
    // Bounded: the backoff logs on the 1st, 2nd, 4th… attempt, not on every one.
    const waitingLines = worker.lines.filter((l) => typeof l.msg === 'string' && l.msg.endsWith('waiting for it'));
    expect(waitingLines.length).toBeGreaterThanOrEqual(2);
    expect(waitingLines.length).toBeLessThanOrEqual(8);
    // The private Redis runs without persistence: the worker says jobs could be lost.
    expect(worker.lines.some((l) => l.code === 'REDIS_NOT_DURABLE' && String(l.msg).includes('persistence is off'))).toBe(true);

    const conn = await connectRedis(redis.url);
    const enqueuer = createEnqueuer(conn, prefix);
    try {
      await enqueuer.add('run', { trigger: 'operator' });
      const counts = await waitForDrain(enqueuer.queue, 120_000);
      expect(counts.failed).toBe(0);
    } finally {
      await enqueuer.close();
      conn.disconnect();
    }
    const loaded = await t.db.selectFrom('releases').select(['status']).execute();
    expect(loaded.length).toBeGreaterThanOrEqual(1);
    expect(loaded.every((r) => r.status === 'loaded')).toBe(true);

    worker.kill('SIGTERM');
    scheduler.kill('SIGTERM');
    const [exit, schedulerExit] = await Promise.all([worker.exited, scheduler.exited]);
    expect(exit.code).toBe(0);
    expect(schedulerExit.code).toBe(0);
    console.log(`[faults] worker started while Redis and PostgreSQL were down: ${waitingLines.length} waiting lines, ${loaded.length} release(s) loaded after both returned`);
  }, 240_000);
});
