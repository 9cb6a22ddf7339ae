/**
 * CLI start-up: `distretti --help` (lists every command from the manifest, imports none), and
 * the start-up RSS of commands that do not render (their `--help`: the command's module and
 * its imports loaded, nothing run). Baseline: an empty TypeScript file through the same tsx
 * loader, i.e. the floor of any `distretti` call without a build step.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interleave, summarize, timeChild, type BenchRow } from './stats.ts';

const NON_RENDERING = ['parse', 'ingest', 'series', 'releases', 'lineage', 'migrate', 'jobs', 'worker', 'sample-publisher'];

export async function benchCli(reps: number, log: (s: string) => void, root: string): Promise<BenchRow[]> {
  const bin = join(root, 'bin/distretti.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'distretti-bench-cli-'));
  const empty = join(dir, 'empty.mjs');
  writeFileSync(join(dir, 'empty.mts'), 'export {};\n');
  writeFileSync(empty, `import { register } from '${join(root, 'node_modules/tsx/dist/esm/api/index.mjs')}';\nregister();\nawait import('./empty.mts');\n`);
  log(`cli: --help and ${NON_RENDERING.length} commands' start-up, ${reps} interleaved repetitions`);
  const rss: number[] = [];
  const r = await interleave(reps, {
    help: async () => (await timeChild(process.execPath, [bin, '--help'], { cwd: root })).wallMs,
    floor: async () => (await timeChild(process.execPath, [empty], { cwd: root })).wallMs,
  });
  for (const c of NON_RENDERING) rss.push((await timeChild(process.execPath, [bin, c, '--help'], { cwd: root })).maxRssMb);
  const perCommand = NON_RENDERING.map((c, i) => `${c} ${rss[i]!.toFixed(0)}`).join(', ');
  const help = summarize(r.help);
  const worst = summarize(rss);
  return [
    { area: 'cli', figure: '`distretti --help`', value: help, unit: 'ms', baseline: { name: 'empty .ts file through tsx', value: summarize(r.floor) }, ratio: help.median / summarize(r.floor).median, goal: '≤ 400 ms', met: help.median <= 400 },
    { area: 'cli', figure: `start-up RSS of ${NON_RENDERING.length} non-rendering commands (max shown as spread)`, value: worst, unit: 'MB', goal: '≤ 120 MB (each)', met: worst.max <= 120, note: `MB each: ${perCommand}` },
  ];
}
