import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Queue } from 'bullmq';

export const BIN = join(import.meta.dirname, '../../bin/distretti.mjs');

/** A pino line the CLI wrote (JSON), or `{ msg: text }` for anything else. */
export type LogLine = Record<string, unknown> & { msg?: string };

/**
 * The real CLI in a child process (`node bin/distretti.mjs …`), its log lines collected as
 * they come so a test can wait for a moment (a job started, a stage began) and act on it.
 */
export interface CliProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  readonly lines: LogLine[];
  /** Resolves with the first line matching `pred`, from line index `since` on (already seen or future). */
  waitFor(pred: (l: LogLine) => boolean, timeoutMs: number, what?: string, since?: number): Promise<LogLine>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  kill(signal?: NodeJS.Signals): void;
}

export function spawnCli(args: string[], env: Record<string, string>): CliProcess {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const waiters = new Set<{ pred: (l: LogLine) => boolean; resolve: (l: LogLine) => void }>();
  const onText = (buf = '') => (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const text = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (!text.trim()) continue;
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { msg: text };
      }
      lines.push(line);
      for (const w of waiters) if (w.pred(line)) (waiters.delete(w), w.resolve(line));
    }
  };
  child.stdout!.on('data', onText());
  child.stderr!.on('data', onText());
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - started })),
  );
  return {
    pid: child.pid!,
    child,
    lines,
    exited,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
    waitFor(pred, timeoutMs, what = 'a log line', since = 0) {
      const seen = lines.slice(since).find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise<LogLine>((resolve, reject) => {
        const w = {
          pred,
          resolve: (l: LogLine) => {
            clearTimeout(timer);
            resolve(l);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`pid ${child.pid}: no ${what} within ${timeoutMs} ms; last lines:\n${lines.slice(-8).map((l) => JSON.stringify(l)).join('\n')}`));
        }, timeoutMs);
        waiters.add(w);
        void exited.then(() => {
          if (!waiters.has(w)) return;
          waiters.delete(w);
          clearTimeout(timer);
          reject(new Error(`pid ${child.pid} exited before ${what}; last lines:\n${lines.slice(-8).map((l) => JSON.stringify(l)).join('\n')}`));
        });
      });
    },
  };
}

/** A DATABASE_URL that puts the CLI in a test's schema (pg passes `options` to the server). */
export function schemaUrl(baseUrl: string, schema: string): string {
  const u = new URL(baseUrl);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** Environment for `distretti worker` against a test's database schema, queue prefix and publisher. */
export function workerEnv(args: {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  publisherUrl: string;
  dataDir: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    DATABASE_URL: args.databaseUrl,
    REDIS_URL: args.redisUrl,
    DISTRETTI_QUEUE_PREFIX: args.prefix,
    DISTRETTI_SOURCE: 'sample',
    DISTRETTI_SOURCE_BASE_URL: args.publisherUrl,
    DISTRETTI_HTTP_RATE: '50',
    DISTRETTI_DATA_DIR: args.dataDir,
    DISTRETTI_WORKER_CONCURRENCY: '1',
    // Stall detection within seconds, and never "stalled too often": the suite kills on purpose.
    DISTRETTI_WORKER_LOCK_MS: '2000',
    DISTRETTI_WORKER_STALLED_INTERVAL_MS: '1000',
    DISTRETTI_WORKER_MAX_STALLED: '1000',
    DISTRETTI_OUTAGE_BACKOFF_MS: '500',
    SOURCE_VERSION: 'faultsuite',
    LOG_LEVEL: 'debug',
    ...args.extra,
  };
}

/** The codeVersion a worker started with {@link workerEnv} stamps on briefs. */
export const FAULT_SUITE_CODE_VERSION_SUFFIX = '+faultsuite';

/** Polls until nothing is waiting, delayed, active or waiting for children, and something completed. */
export async function waitForDrain(queue: Queue, timeoutMs: number, onTick?: () => Promise<void> | void): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  for (;;) {
    const c = await queue.getJobCounts('active', 'waiting', 'delayed', 'waiting-children', 'prioritized', 'completed', 'failed');
    const pending = (c.active ?? 0) + (c.waiting ?? 0) + (c.delayed ?? 0) + (c['waiting-children'] ?? 0) + (c.prioritized ?? 0);
    quiet = pending === 0 && (c.completed ?? 0) > 0 ? quiet + 1 : 0;
    if (quiet >= 2) return c;
    if (Date.now() > deadline) throw new Error(`queue not drained within ${timeoutMs} ms: ${JSON.stringify(c)}`);
    await onTick?.();
    await new Promise((r) => setTimeout(r, 250));
  }
}
