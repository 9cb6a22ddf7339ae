// Runs `distretti parse FILE` in this (child) process and reports its exit code, wall time and
// the process's peak resident memory (worker thread included) on the last stderr line.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../../src/cli/program.ts');
// From here: configuration, the worker thread's start-up and the parse (not the CLI's compilation).
const started = performance.now();
const code = await main(['node', 'distretti', 'parse', process.argv[2]]);
const report = { code, ms: Math.round(performance.now() - started), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
process.stderr.write(`\nMEASURE ${JSON.stringify(report)}\n`);
process.exit(code);
