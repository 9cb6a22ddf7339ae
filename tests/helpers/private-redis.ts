import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { closedPort } from './tcp-proxy.ts';

/**
 * A redis-server of the test's own on a free port, which the test may kill and start again
 * (the shared 6379 is never stopped or reconfigured). With `aof`, it persists every write
 * (appendfsync always) in a temp dir, so a restart keeps the queue, as production Redis must.
 */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  start(): Promise<void>;
  /** SIGKILL: no shutdown save, connections drop at once. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

export async function createPrivateRedis(opts: { aof?: boolean; start?: boolean } = {}): Promise<PrivateRedis> {
  const port = await closedPort();
  const dir = mkdtempSync(join(tmpdir(), 'distretti-redis-'));
  let proc: ChildProcess | undefined;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, '--maxmemory-policy', 'noeviction'];
  if (opts.aof) args.push('--appendonly', 'yes', '--appendfsync', 'always');
  else args.push('--appendonly', 'no');
  const url = `redis://127.0.0.1:${port}`;
  const r: PrivateRedis = {
    port,
    url,
    async start() {
      proc = spawn('redis-server', args, { stdio: 'ignore' });
      const deadline = Date.now() + 10_000;
      for (;;) {
        const c = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
        c.on('error', () => {});
        try {
          await c.connect();
          // Loading the AOF answers LOADING until done.
          if ((await c.ping()) === 'PONG') return;
        } catch {
          if (Date.now() > deadline) throw new Error(`private redis on ${port} did not start`);
        } finally {
          c.disconnect();
        }
        await new Promise((res) => setTimeout(res, 100));
      }
    },
    async kill() {
      const p = proc;
      proc = undefined;
      if (!p || p.exitCode !== null) return;
      await new Promise<void>((res) => {
        p.once('exit', () => res());
        p.kill('SIGKILL');
      });
    },
    async close() {
      await r.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (opts.start ?? true) await r.start();
  return r;
}
