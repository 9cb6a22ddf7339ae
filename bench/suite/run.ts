/**
 * The README's first command: `distretti run --sample` from an empty data directory (cold),
 * then again with nothing new (no-op, {@link NOOPS_PER_COLD} times), alternating, each in its own process on the embedded
 * database; wall time, CPU time (user + system: steadier than wall time on this shared machine)
 * and the process's peak RSS (GNU time's maxrss: this process only, all its threads). Then a
 * worker's RSS through a queued backfill (worker-rss.ts).
 *
 * The same pair also runs on PostgreSQL (DATABASE_URL, a fresh database per repetition), as
 * context: there the database is a server already running, so the pair shows what the embedded
 * database's own start-up weighs in a run with nothing new.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { summarize, timeChild, type BenchRow, type Summary } from './stats.ts';
import { benchWorkerBackfill } from './worker-rss.ts';

/**
 * Runs with nothing new after each cold run: they take ~1 s against a cold run's ~12, so a few
 * more of them cost little and make their median less hostage to one noisy second on a shared
 * machine. Each is a whole process on the same data directory, exactly as a user's next run.
 */
const NOOPS_PER_COLD = 3;

const seconds = (s: Summary): Summary => ({ ...s, median: s.median / 1000, min: s.min / 1000, max: s.max / 1000 });

export async function benchRun(reps: number, log: (s: string) => void, root: string): Promise<BenchRow[]> {
  const bin = join(root, 'bin/distretti.mjs');
  const cold: number[] = [];
  const coldCpu: number[] = [];
  const noop: number[] = [];
  const noopCpu: number[] = [];
  const coldRss: number[] = [];
  const noopRss: number[] = [];
  const pgCold: number[] = [];
  const pgNoop: number[] = [];
  log(`run --sample: ${reps} × (cold, then no-op), embedded then PostgreSQL`);
  for (let i = 0; i < reps; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'distretti-bench-run-'));
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DISTRETTI_DATA_DIR: join(dir, 'var'), LOG_LEVEL: 'warn', LOG_FORMAT: 'json' };
    try {
      const c = await timeChild(process.execPath, [bin, 'run', '--sample'], { env, cwd: root, timeoutMs: 900_000 });
      if (!/30 releases listed, 30 loaded/.test(c.stdout)) throw new Error(`cold run did not load 30 releases: ${c.stdout}`);
      cold.push(c.wallMs);
      coldCpu.push(c.cpuMs);
      coldRss.push(c.maxRssMb);
      const noops: string[] = [];
      for (let k = 0; k < NOOPS_PER_COLD; k++) {
        const n = await timeChild(process.execPath, [bin, 'run', '--sample'], { env, cwd: root, timeoutMs: 900_000 });
        if (!/0 loaded/.test(n.stdout)) throw new Error(`no-op run loaded something: ${n.stdout}`);
        noop.push(n.wallMs);
        noopCpu.push(n.cpuMs);
        noopRss.push(n.maxRssMb);
        noops.push(`${(n.wallMs / 1000).toFixed(2)} s (CPU ${(n.cpuMs / 1000).toFixed(1)} s, ${n.maxRssMb.toFixed(0)} MB)`);
      }
      log(`  cold ${(c.wallMs / 1000).toFixed(1)} s (CPU ${(c.cpuMs / 1000).toFixed(1)} s, ${c.maxRssMb.toFixed(0)} MB), no-op ${noops.join(', ')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const onPg = await coldAndNoopOnPostgres(bin, root);
    pgCold.push(onPg.coldMs);
    pgNoop.push(onPg.noopMs);
    log(`  PostgreSQL: cold ${(onPg.coldMs / 1000).toFixed(1)} s, no-op ${(onPg.noopMs / 1000).toFixed(2)} s`);
  }
  const pc = seconds(summarize(pgCold));
  const pn = seconds(summarize(pgNoop));
  const c = seconds(summarize(cold));
  const n = seconds(summarize(noop));
  const cc = seconds(summarize(coldCpu));
  const nc = seconds(summarize(noopCpu));
  const peakCold = summarize(coldRss);
  const peakNoop = summarize(noopRss);
  const tsx = 'through bin/distretti.mjs as it is on this branch';
  return [
    { area: 'run', figure: '`run --sample`, empty data dir (embedded PGlite), wall', value: c, unit: 's', goal: '≤ 20 s', met: c.median <= 20, note: `Crawl-delay 0.1 s declared by the bundled publisher; ${tsx}` },
    { area: 'run', figure: '`run --sample`, empty data dir, CPU time (user + system, all threads)', value: cc, unit: 's CPU', goal: '(context: wall time on an idle 2-core machine is at least CPU ÷ 2)' },
    { area: 'run', figure: `\`run --sample\` again, nothing new, wall (${NOOPS_PER_COLD} after each cold run)`, value: n, unit: 's', baseline: { name: 'cold run, same repetitions', value: c }, ratio: n.median / c.median, goal: '≤ 0.10× cold', met: n.median / c.median <= 0.1 },
    { area: 'run', figure: '`run --sample` again, nothing new, CPU time', value: nc, unit: 's CPU', baseline: { name: 'cold run CPU, same repetitions', value: cc }, ratio: nc.median / cc.median, goal: '(context)' },
    { area: 'run', figure: '`run --sample` on PostgreSQL (DATABASE_URL, empty database), wall', value: pc, unit: 's', goal: '(context)' },
    { area: 'run', figure: '`run --sample` on PostgreSQL again, nothing new, wall', value: pn, unit: 's', baseline: { name: 'cold run on PostgreSQL, same repetitions', value: pc }, ratio: pn.median / pc.median, goal: '(context: the same goal without the embedded database\'s start-up)' },
    { area: 'memory', figure: '`run --sample` peak RSS, empty data dir (the process alone, all its threads)', value: peakCold, unit: 'MB', goal: '≤ 600 MB (every repetition)', met: peakCold.max <= 600 },
    { area: 'memory', figure: '`run --sample` peak RSS, nothing new', value: peakNoop, unit: 'MB', goal: '≤ 600 MB (every repetition)', met: peakNoop.max <= 600 },
    ...(await benchWorkerBackfill(reps, log, root)),
  ];
}

const PG_ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A cold `run --sample` then a no-op one, on a database of their own that is dropped after. */
async function coldAndNoopOnPostgres(bin: string, root: string): Promise<{ coldMs: number; noopMs: number }> {
  const name = `distretti_bench_run_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  const dir = mkdtempSync(join(tmpdir(), 'distretti-bench-run-pg-'));
  try {
    await admin.query(`create database ${name}`);
    const url = new URL(PG_ADMIN);
    url.pathname = `/${name}`;
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: url.toString(), DISTRETTI_DATA_DIR: join(dir, 'var'), LOG_LEVEL: 'warn', LOG_FORMAT: 'json' };
    const c = await timeChild(process.execPath, [bin, 'run', '--sample'], { env, cwd: root, timeoutMs: 900_000 });
    if (!/30 releases listed, 30 loaded/.test(c.stdout)) throw new Error(`cold run on PostgreSQL did not load 30 releases: ${c.stdout}`);
    const n = await timeChild(process.execPath, [bin, 'run', '--sample'], { env, cwd: root, timeoutMs: 900_000 });
    if (!/0 loaded/.test(n.stdout)) throw new Error(`no-op run on PostgreSQL loaded something: ${n.stdout}`);
    return { coldMs: c.wallMs, noopMs: n.wallMs };
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
