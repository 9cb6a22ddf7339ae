/**
 * Issue 13 item 4: a worker's RSS through a full backfill. A real `distretti worker` process
 * (BullMQ on the real Redis, the real PostgreSQL in a database of its own) processes a queued
 * backfill of the sample publisher's 30 releases; its RSS (the process alone, every thread of it)
 * is read from /proc every 100 ms, and its peak from the kernel's high-water mark (VmHWM); its
 * CPU time (all threads) from /proc at the backfill's end.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupPrefix } from '../../tests/helpers/redis.ts';
import pg from 'pg';
import { startSamplePublisher } from '../../src/sample-publisher/index.ts';
import { summarize, type BenchRow } from './stats.ts';

const PG_ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** USER_HZ: 100 on every Linux this runs on (`getconf CLK_TCK`). */
const CLOCK_TICKS = 100;

/** CPU time (user + system, every thread) a live process has used so far, ms. */
function procCpuMs(pid: number): number {
  // Fields 14 and 15 of /proc/PID/stat, after the parenthesised command name (which may hold spaces).
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
}

/** VmRSS and VmHWM of a process, MB (undefined once it is gone). */
function procMemory(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

function cli(root: string, args: string[], env: Record<string, string>) {
  return spawn(process.execPath, [join(root, 'bin/distretti.mjs'), ...args], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function runCli(root: string, args: string[], env: Record<string, string>): Promise<string> {
  const c = cli(root, args, env);
  let out = '';
  let err = '';
  c.stdout.on('data', (b: Buffer) => (out += b.toString()));
  c.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const code = await new Promise<number | null>((r) => c.once('exit', r));
  if (code !== 0) throw new Error(`distretti ${args.join(' ')} exited ${code}: ${err.slice(-800)}`);
  return out;
}

/**
 * One backfill through one fresh worker: its peak and median RSS, how long the run took and the
 * worker's CPU time (so a memory saving shows what it costs). `extraEnv` reaches the worker and
 * the CLI calls, e.g. NODE_OPTIONS with a diagnostic `--import` or `--heapsnapshot-signal`.
 */
export async function oneBackfill(root: string, extraEnv: Record<string, string> = {}): Promise<{ peakMb: number; medianMb: number; runMs: number; cpuMs: number }> {
  const id = randomBytes(4).toString('hex');
  const dbName = `distretti_bench_worker_${id}`;
  const prefix = `bench-worker-${id}`;
  const dir = mkdtempSync(join(tmpdir(), 'distretti-bench-worker-'));
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${dbName}`;
  const publisher = await startSamplePublisher({ port: 0, crawlDelaySeconds: 0.1 });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: url.toString(),
    REDIS_URL,
    DISTRETTI_QUEUE_PREFIX: prefix,
    DISTRETTI_SOURCE: 'sample',
    DISTRETTI_SOURCE_BASE_URL: publisher.url,
    // The publisher's 0.1 s Crawl-delay paces the crawl, as in `run --sample`.
    DISTRETTI_HTTP_RATE: '20',
    DISTRETTI_DATA_DIR: join(dir, 'var'),
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    ...extraEnv,
  };
  const db = new pg.Client({ connectionString: url.toString() });
  let worker: ReturnType<typeof cli> | undefined;
  try {
    await runCli(root, ['migrate'], env);
    worker = cli(root, ['worker'], env);
    worker.stdout!.resume();
    worker.stderr!.resume();
    const pid = worker.pid!;
    const samples: number[] = [];
    const poll = setInterval(() => {
      const m = procMemory(pid);
      if (m) samples.push(m.rss);
    }, 100);
    try {
      const t0 = performance.now();
      const out = await runCli(root, ['backfill', '--from', '2018Q1', '--to', '2030Q4'], env);
      const runId = /run (\d+) queued/.exec(out)?.[1];
      if (!runId) throw new Error(`backfill was not queued: ${out}`);
      await db.connect();
      for (;;) {
        const r = await db.query<{ status: string; summary: unknown }>('select status, summary from pipeline_runs where id = $1', [runId]);
        const status = r.rows[0]?.status;
        if (status && status !== 'running') {
          if (status !== 'succeeded') throw new Error(`backfill run ${runId} ended ${status}: ${JSON.stringify(r.rows[0]?.summary)}`);
          break;
        }
        if (worker.exitCode !== null) throw new Error(`the worker exited (${worker.exitCode}) during the backfill`);
        if (performance.now() - t0 > 900_000) throw new Error('backfill not finished in 15 min');
        await new Promise((res) => setTimeout(res, 250));
      }
      const runMs = performance.now() - t0;
      const loaded = await db.query<{ n: number }>(`select count(*)::int as n from releases where status = 'loaded'`);
      if (loaded.rows[0]?.n !== 30) throw new Error(`backfill loaded ${loaded.rows[0]?.n} releases, not 30`);
      // The worker's whole life so far: start-up (imports, database, Redis) and the backfill.
      const cpuMs = procCpuMs(pid);
      const hwm = procMemory(pid)?.hwm ?? NaN;
      return { peakMb: Math.max(hwm, ...samples), medianMb: summarize(samples).median, runMs, cpuMs };
    } finally {
      clearInterval(poll);
    }
  } finally {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((r) => worker!.once('exit', r));
    }
    await db.end().catch(() => undefined);
    await publisher.close();
    await cleanupPrefix(prefix, REDIS_URL);
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchWorkerBackfill(reps: number, log: (s: string) => void, root: string): Promise<BenchRow[]> {
  log(`worker through a backfill of 30 releases: ${reps} × (fresh database, fresh worker)`);
  const peaks: number[] = [];
  const medians: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < reps; i++) {
    const r = await oneBackfill(root);
    peaks.push(r.peakMb);
    medians.push(r.medianMb);
    cpus.push(r.cpuMs / 1000);
    log(`  peak ${r.peakMb.toFixed(0)} MB, median ${r.medianMb.toFixed(0)} MB, backfill ${(r.runMs / 1000).toFixed(1)} s, worker CPU ${(r.cpuMs / 1000).toFixed(1)} s`);
  }
  const peak = summarize(peaks);
  return [
    {
      area: 'memory',
      figure: '`distretti worker` peak RSS through a queued backfill of the sample publisher\'s 30 releases (PostgreSQL, Redis; the process alone, all its threads)',
      value: peak,
      unit: 'MB',
      baseline: { name: 'its median RSS over the backfill', value: summarize(medians) },
      goal: '≤ 300 MB',
      met: peak.max <= 300,
    },
    {
      area: 'memory',
      figure: '`distretti worker` CPU time (user + system, all threads) from its start to the backfill\'s end, same repetitions',
      value: summarize(cpus),
      unit: 's CPU',
      goal: '(context: what memory savings may not cost)',
    },
  ];
}
