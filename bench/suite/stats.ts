import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Median and spread (min–max) of repeated measurements. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function summarize(xs: readonly number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  const median = s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  return { median, min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN, n: s.length };
}

/** One line of the report: a figure, the baseline measured in the same run, the ratio and the goal. */
export interface BenchRow {
  readonly area: string;
  readonly figure: string;
  readonly value: Summary;
  readonly unit: string;
  readonly baseline?: { readonly name: string; readonly value: Summary };
  /** How the ratio reads, e.g. "× psql" (value / baseline, or baseline / value when `higherIsBetter`). */
  readonly ratio?: number;
  readonly goal: string;
  /** undefined: no goal to check (context figure). */
  readonly met?: boolean;
  readonly note?: string;
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memGiB: number;
  readonly node: string;
  readonly postgres: string;
  readonly redis: string;
  readonly os: string;
}

export async function machine(): Promise<Machine> {
  const cpus = os.cpus();
  const pg = await run('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-Atc', 'show server_version']).then(
    (r) => `PostgreSQL ${r.stdout.trim()}`,
    () => 'PostgreSQL unreachable',
  );
  const redis = await run('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'INFO', 'server']).then(
    (r) => `Redis ${/redis_version:(\S+)/.exec(r.stdout)?.[1] ?? '?'}`,
    () => 'Redis unreachable',
  );
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: pg,
    redis,
    os: `${os.platform()} ${os.release()}`,
  };
}

export function loadAverage(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}

/** Wall time, CPU time and peak RSS of a child process, measured by GNU time. */
export interface ChildCost {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly stdout: string;
}

export async function timeChild(cmd: string, args: readonly string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<ChildCost> {
  const r = await run('/usr/bin/time', ['-f', '@@TIME %e %U %S %M', cmd, ...args], {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    timeout: opts.timeoutMs ?? 600_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const m = /@@TIME (\S+) (\S+) (\S+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no timing from /usr/bin/time for ${cmd}: ${r.stderr.slice(-500)}`);
  return { wallMs: Number(m[1]) * 1000, cpuMs: (Number(m[2]) + Number(m[3])) * 1000, maxRssMb: Number(m[4]) / 1024, stdout: r.stdout };
}

/** Runs `fns` round-robin `reps` times (order rotated each round) so drifting load hits all alike. */
export async function interleave<K extends string>(reps: number, fns: Record<K, () => Promise<number>>): Promise<Record<K, number[]>> {
  const keys = Object.keys(fns) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < reps; i++) {
    const order = [...keys.slice(i % keys.length), ...keys.slice(0, i % keys.length)];
    for (const k of order) out[k].push(await fns[k]());
  }
  return out;
}
