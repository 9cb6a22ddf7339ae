/**
 * CLI start-up (issue 13): `distretti --help` (lists every command from the manifest, imports
 * none), `distretti parse` of one release (process start, the parse thread and pdf.js included),
 * and the start-up RSS of commands that do not render (their `--help`: the command's module and
 * its imports loaded, nothing run). All through bin/distretti.mjs, as a user runs it: from the
 * compiled build/ when it is fresh (`npm run build` first; the suite refuses to measure a stale
 * build). Baselines, same run: `node -e 0` (the floor of any Node CLI), the same calls run from
 * src/ through tsx (DISTRETTI_FROM_SOURCE=1, how every call ran before the build step), an empty
 * .ts file through tsx (that path's floor), and pdftotext of the same file.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStaleness } from '../../scripts/build-config.mjs';
import { loadSampleCatalog } from '../../src/sample-publisher/dataset/index.ts';
import { renderReleasePdf } from '../../src/sample-publisher/pdf/index.ts';
import { interleave, summarize, timeChild, type BenchRow } from './stats.ts';

const NON_RENDERING = ['parse', 'ingest', 'series', 'releases', 'lineage', 'migrate', 'jobs', 'worker', 'sample-publisher'];

export async function benchCli(reps: number, log: (s: string) => void, root: string): Promise<BenchRow[]> {
  const stale = buildStaleness(root);
  if (stale) throw new Error(`bench cli: the build is stale (${stale}): run npm run build first`);
  const bin = join(root, 'bin/distretti.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'distretti-bench-cli-'));
  const empty = join(dir, 'empty.mjs');
  writeFileSync(join(dir, 'empty.mts'), 'export {};\n');
  writeFileSync(empty, `import { register } from '${join(root, 'node_modules/tsx/dist/esm/api/index.mjs')}';\nregister();\nawait import('./empty.mts');\n`);
  const source = { env: { ...process.env, DISTRETTI_FROM_SOURCE: '1' }, cwd: root };

  // One release, the latest of the sample catalog (as the parse suite renders it).
  const catalog = loadSampleCatalog();
  const info = catalog.releases().at(-1)!;
  const pdfDir = join(root, 'var', 'bench-pdfs');
  mkdirSync(pdfDir, { recursive: true });
  const pdf = join(pdfDir, `${info.id}.pdf`);
  writeFileSync(pdf, await renderReleasePdf(info, catalog.figures(info.id)));

  log(`cli: --help, parse and ${NON_RENDERING.length} commands' start-up, ${reps} interleaved repetitions`);
  // CPU time (both threads, user + system) moves less with the machine's load than wall time.
  const cpu = { parse: [] as number[], parseSource: [] as number[] };
  const timed = async (args: string[], opts: Parameters<typeof timeChild>[2], into?: number[]) => {
    const c = await timeChild(process.execPath, args, opts);
    into?.push(c.cpuMs);
    return c.wallMs;
  };
  const r = await interleave(reps, {
    help: async () => (await timeChild(process.execPath, [bin, '--help'], { cwd: root })).wallMs,
    node: async () => (await timeChild(process.execPath, ['-e', '0'], { cwd: root })).wallMs,
    helpSource: async () => (await timeChild(process.execPath, [bin, '--help'], source)).wallMs,
    tsxFloor: async () => (await timeChild(process.execPath, [empty], { cwd: root })).wallMs,
    parse: async () => timed([bin, 'parse', pdf], { cwd: root }, cpu.parse),
    parseSource: async () => timed([bin, 'parse', pdf], source, cpu.parseSource),
    pdftotext: async () => (await timeChild('pdftotext', ['-layout', pdf, '/dev/null'])).wallMs,
  });
  const check = await interleave(reps, {
    // In this process: the stat walk bin/distretti.mjs does before every call.
    freshness: async () => {
      const t0 = performance.now();
      buildStaleness(root);
      return performance.now() - t0;
    },
  });
  const rss: number[] = [];
  const rssSource: number[] = [];
  for (const c of NON_RENDERING) {
    rss.push((await timeChild(process.execPath, [bin, c, '--help'], { cwd: root })).maxRssMb);
    rssSource.push((await timeChild(process.execPath, [bin, c, '--help'], source)).maxRssMb);
  }
  const perCommand = NON_RENDERING.map((c, i) => `${c} ${rss[i]!.toFixed(0)}`).join(', ');
  const s = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, summarize(v as number[])])) as Record<keyof typeof r, ReturnType<typeof summarize>>;
  const worst = summarize(rss);
  const worstSource = summarize(rssSource);
  return [
    { area: 'cli', figure: '`distretti --help`', value: s.help, unit: 'ms', baseline: { name: '`node -e 0`', value: s.node }, ratio: s.help.median / s.node.median, goal: '≤ 400 ms', met: s.help.median <= 400 },
    { area: 'cli', figure: '`distretti --help` from src/ through tsx (DISTRETTI_FROM_SOURCE=1, the path before the build)', value: s.helpSource, unit: 'ms', baseline: { name: 'empty .ts file through tsx', value: s.tsxFloor }, ratio: s.helpSource.median / s.tsxFloor.median, goal: '(context)' },
    { area: 'cli', figure: '`distretti parse` of one release (process start included)', value: s.parse, unit: 'ms', baseline: { name: 'pdftotext -layout of the same file', value: s.pdftotext }, ratio: s.parse.median / s.pdftotext.median, goal: '≤ 1000 ms', met: s.parse.median <= 1000 },
    { area: 'cli', figure: '`distretti parse` of one release, build vs src/ through tsx', value: s.parse, unit: 'ms', baseline: { name: 'the same from src/ (DISTRETTI_FROM_SOURCE=1)', value: s.parseSource }, ratio: s.parse.median / s.parseSource.median, goal: '(context)' },
    { area: 'cli', figure: '`distretti parse` of one release, CPU time (all threads), build vs src/', value: summarize(cpu.parse), unit: 'ms CPU', baseline: { name: 'the same from src/', value: summarize(cpu.parseSource) }, ratio: summarize(cpu.parse).median / summarize(cpu.parseSource).median, goal: '(context: less load-sensitive than wall)' },
    { area: 'cli', figure: "bin's build freshness check (stat of src/, db/, build scripts), in process", value: summarize(check.freshness), unit: 'ms', goal: '(context: part of every call)' },
    { area: 'cli', figure: `start-up RSS of ${NON_RENDERING.length} non-rendering commands (max shown as spread)`, value: worst, unit: 'MB', baseline: { name: 'the same from src/ through tsx, max', value: worstSource }, ratio: worst.max / worstSource.max, goal: '≤ 120 MB (each)', met: worst.max <= 120, note: `MB each: ${perCommand}` },
  ];
}
