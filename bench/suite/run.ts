/**
 * The README's first command: `distretti run --sample` from an empty data directory (cold),
 * then again with nothing new (no-op), interleaved, each in its own process on the embedded
 * database; wall time and the process's peak RSS (GNU time's maxrss: this process only).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize, timeChild, type BenchRow } from './stats.ts';

export async function benchRun(reps: number, log: (s: string) => void, root: string): Promise<BenchRow[]> {
  const bin = join(root, 'bin/distretti.mjs');
  const cold: number[] = [];
  const noop: number[] = [];
  const rss: number[] = [];
  log(`run --sample: ${reps} × (cold, then no-op)`);
  for (let i = 0; i < reps; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'distretti-bench-run-'));
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DISTRETTI_DATA_DIR: join(dir, 'var'), LOG_LEVEL: 'warn', LOG_FORMAT: 'json' };
    try {
      const c = await timeChild(process.execPath, [bin, 'run', '--sample'], { env, cwd: root, timeoutMs: 900_000 });
      if (!/30 releases listed, 30 loaded/.test(c.stdout)) throw new Error(`cold run did not load 30 releases: ${c.stdout}`);
      cold.push(c.wallMs);
      rss.push(c.maxRssMb);
      const n = await timeChild(process.execPath, [bin, 'run', '--sample'], { env, cwd: root, timeoutMs: 900_000 });
      if (!/0 loaded/.test(n.stdout)) throw new Error(`no-op run loaded something: ${n.stdout}`);
      noop.push(n.wallMs);
      rss.push(n.maxRssMb);
      log(`  cold ${(c.wallMs / 1000).toFixed(1)} s (${c.maxRssMb.toFixed(0)} MB), no-op ${(n.wallMs / 1000).toFixed(1)} s (${n.maxRssMb.toFixed(0)} MB)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const c = summarize(cold);
  const n = summarize(noop);
  const peak = summarize(rss);
  return [
    { area: 'run', figure: '`run --sample`, empty data dir (embedded PGlite)', value: { ...c, median: c.median / 1000, min: c.min / 1000, max: c.max / 1000 }, unit: 's', goal: '≤ 20 s', met: c.median <= 20_000, note: 'Crawl-delay 0.1 s declared by the bundled publisher' },
    { area: 'run', figure: '`run --sample` again, nothing new', value: { ...n, median: n.median / 1000, min: n.min / 1000, max: n.max / 1000 }, unit: 's', baseline: { name: 'cold run, same repetitions', value: { ...c, median: c.median / 1000, min: c.min / 1000, max: c.max / 1000 } }, ratio: n.median / c.median, goal: '≤ 0.10× cold', met: n.median / c.median <= 0.1 },
    { area: 'memory', figure: '`run --sample` peak RSS (the process alone)', value: peak, unit: 'MB', goal: '≤ 600 MB', met: peak.max <= 600 },
  ];
}
