/**
 * `npm run bench`: every benchmark, one table (issue 13). Each figure is the median of several
 * repetitions, interleaved with the baseline it is compared with (measured in this same run),
 * with its spread (min–max); the machine and its load average (before and after) are printed,
 * because this 2-core machine is shared and absolute figures move with its load.
 * Writes the table to bench/RESULTS.md.
 *
 *   npm run bench                     # all, 3 repetitions
 *   npm run bench -- --reps 5 --only load,parse
 *   npm run bench -- --no-write       # print only
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAverage, machine, type BenchRow, type Summary } from './suite/stats.ts';
import { benchLoad } from './suite/load.ts';
import { benchParse } from './suite/parse.ts';
import { benchCli } from './suite/cli.ts';
import { benchBrief } from './suite/brief.ts';
import { benchRun } from './suite/run.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { reps: { type: 'string', default: '3' }, only: { type: 'string' }, 'no-write': { type: 'boolean', default: false } } });
const reps = Math.max(1, Number(values.reps) || 3);
const SUITES = {
  cli: () => benchCli(reps + 2, log, ROOT),
  parse: () => benchParse(reps, log, ROOT),
  load: () => benchLoad(reps, log),
  brief: () => benchBrief(reps, log, ROOT),
  run: () => benchRun(Math.min(reps, 3), log, ROOT),
} as const;
const only = values.only ? values.only.split(',') : Object.keys(SUITES);

function log(s: string): void {
  process.stderr.write(`${s}\n`);
}

const num = (x: number): string => (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmt = (s: Summary): string => `${num(s.median)} (${num(s.min)}–${num(s.max)})`;

function table(rows: readonly BenchRow[]): string {
  const head = ['area', 'figure', 'median (min–max)', 'baseline, same run: median (min–max)', 'ratio', 'goal', 'met'];
  const lines = rows.map((r) => [
    r.area,
    r.figure + (r.note ? ` — ${r.note}` : ''),
    `${fmt(r.value)} ${r.unit}`,
    r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)}` : '—',
    r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`,
    r.goal,
    r.met === undefined ? '—' : r.met ? 'yes' : '**no**',
  ]);
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...lines.map((l) => `| ${l.map(esc).join(' | ')} |`)].join('\n');
}

const m = await machine();
const loadBefore = loadAverage();
const started = new Date();
const rows: BenchRow[] = [];
for (const name of only) {
  const suite = SUITES[name as keyof typeof SUITES];
  if (!suite) throw new Error(`unknown suite "${name}"; one of ${Object.keys(SUITES).join(', ')}`);
  log(`— ${name} (load average ${loadAverage()})`);
  rows.push(...(await suite()));
}
const loadAfter = loadAverage();
const machineLine = `${m.cores} × ${m.cpu}, ${m.memGiB} GiB, Node ${m.node}, ${m.postgres}, ${m.redis}, ${m.os}`;
const out = [
  `Benchmarks of ${started.toISOString().slice(0, 16)}Z, ${reps} repetitions (interleaved with their baselines; spread = min–max)`,
  `machine: ${machineLine}`,
  `load average (1, 5, 15 min): before ${loadBefore}, after ${loadAfter}`,
  '',
  table(rows),
].join('\n');
console.log(out);
if (!values['no-write']) {
  writeFileSync(
    join(ROOT, 'bench', 'RESULTS.md'),
    `# Benchmark results\n\nThe latest \`npm run bench\` (${only.join(', ')}). Produced by \`bench/all.ts\`; figures move with the\nshared machine's load, so compare a figure only with the baseline measured in the same run.\n\n${out}\n`,
  );
  log('written to bench/RESULTS.md');
}
