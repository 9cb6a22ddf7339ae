/**
 * Benchmark: release PDF extraction (extractRelease) vs poppler's `pdftotext -layout` on the same
 * files in the same run, wall and CPU time. Renders every sample release to var/bench-pdfs/, runs
 * one warm-up round of every arm (not counted: JIT, pdf.js's worker module, font data), then
 * `rounds` rounds interleaved (the order rotates each round) and prints medians with their spread
 * (min–max), the machine and the load average.
 *
 * pdftotext runs as one process per file; its process starts are measured (`pdftotext -v` per file,
 * same shell loop) and subtracted, so neither side counts a process start. The gross figure is
 * printed too. A third arm, pdf.js's text alone (`loadPdfText`), is the floor under extractRelease
 * as long as pdf.js reads the text.
 *
 * Goal (issue 9): ≥ 50 pages/s and CPU time within 3× of pdftotext's.
 *
 *   npm run bench:parse            # 5 rounds
 *   npm run bench:parse -- 9       # 9 rounds
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { extractRelease } from '../src/extract/pdf/index.ts';
import { loadPdfText } from '../src/extract/pdf/load.ts';
import { loadSampleCatalog } from '../src/sample-publisher/dataset/index.ts';
import { renderReleasePdf } from '../src/sample-publisher/pdf/index.ts';
import { interleave, loadAverage, summarize, timeChild, type Summary } from './suite/stats.ts';

const run = promisify(execFile);
const OUT_DIR = join(process.cwd(), 'var', 'bench-pdfs');
const rounds = Math.max(1, Number(process.argv[2] ?? 5) || 5);

interface Doc {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly series: string;
  readonly region: string;
}

async function prepare(): Promise<Doc[]> {
  await mkdir(OUT_DIR, { recursive: true });
  const catalog = loadSampleCatalog();
  const docs: Doc[] = [];
  for (const info of catalog.releases()) {
    const file = join(OUT_DIR, `${info.id}.pdf`);
    await writeFile(file, await renderReleasePdf(info, catalog.figures(info.id)));
    docs.push({ file, bytes: new Uint8Array(await readFile(file)), series: info.series, region: info.region });
  }
  return docs;
}

/** Wall and CPU time of `fn` in this process (CPU includes pdf.js's in-thread worker and V8's GC threads). */
async function inProcess(fn: () => Promise<void>, cpu: number[]): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  return ms;
}

const fmt = (s: Summary): string => `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;

async function main(): Promise<void> {
  const docs = await prepare();
  const loadBefore = loadAverage();
  const shell = (cmd: string) => ['-c', `for f in ${docs.map((d) => `'${d.file}'`).join(' ')}; do ${cmd}; done`];
  const ours = async () => {
    for (const d of docs) await extractRelease(d.bytes, { series: d.series, region: d.region });
  };
  const pdfjs = async () => {
    for (const d of docs) await loadPdfText(d.bytes);
  };
  let pages = 0;
  for (const d of docs) pages += (await extractRelease(d.bytes, { series: d.series, region: d.region })).fingerprint.pageCount; // warm-up
  await pdfjs();
  await timeChild('bash', shell(`pdftotext -layout "$f" - >/dev/null`));

  const cpu = { ours: [] as number[], pdfjs: [] as number[], poppler: [] as number[], start: [] as number[] };
  const wall = await interleave(rounds, {
    ours: () => inProcess(ours, cpu.ours),
    pdfjs: () => inProcess(pdfjs, cpu.pdfjs),
    poppler: async () => {
      const r = await timeChild('bash', shell(`pdftotext -layout "$f" - >/dev/null`));
      cpu.poppler.push(r.cpuMs);
      return r.wallMs;
    },
    start: async () => {
      const r = await timeChild('bash', shell('pdftotext -v 2>/dev/null'));
      cpu.start.push(r.cpuMs);
      return r.wallMs;
    },
  });
  const net = (xs: number[], starts: number[]) => xs.map((x, i) => Math.max(1, x - (starts[i] ?? 0)));
  const w = { ours: summarize(wall.ours), pdfjs: summarize(wall.pdfjs), popGross: summarize(wall.poppler), pop: summarize(net(wall.poppler, wall.start)) };
  const c = { ours: summarize(cpu.ours), pdfjs: summarize(cpu.pdfjs), pop: summarize(net(cpu.poppler, cpu.start)) };
  const cpus = os.cpus();
  // pdftotext prints its version on stderr
  const popplerVersion = await run('pdftotext', ['-v']).then(
    (r) => `${r.stdout}${r.stderr}`,
    (e: { stderr?: string }) => e.stderr ?? '',
  );
  const rate = (s: Summary) => `${(pages / (s.median / 1000)).toFixed(1)} pages/s`;
  console.log(`machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`pdftotext: ${(popplerVersion.split('\n')[0] ?? '').trim() || 'version unknown'}`);
  console.log(`files: ${docs.length} sample releases, ${pages} pages; ${rounds} interleaved rounds after 1 uncounted warm-up round; medians (min–max)`);
  console.log(`load average (1, 5, 15 min): before ${loadBefore}, after ${loadAverage()}`);
  console.log(`extractRelease            : ${rate(w.ours).padEnd(15)} wall ${fmt(w.ours)} ms, CPU ${fmt(c.ours)} ms  (full table reading)`);
  console.log(`pdf.js text alone         : ${rate(w.pdfjs).padEnd(15)} wall ${fmt(w.pdfjs)} ms, CPU ${fmt(c.pdfjs)} ms  (loadPdfText: the floor with pdf.js)`);
  console.log(`pdftotext -layout         : ${rate(w.pop).padEnd(15)} wall ${fmt(w.pop)} ms, CPU ${fmt(c.pop)} ms  (process starts subtracted; with them: ${rate(w.popGross)}, wall ${fmt(w.popGross)} ms)`);
  console.log(`ratio (ours / pdftotext)  : ${(w.ours.median / w.pop.median).toFixed(2)}× the wall time, ${(c.ours.median / c.pop.median).toFixed(2)}× the CPU time — goal ≥ 50 pages/s (${pages / (w.ours.median / 1000) >= 50 ? 'met' : 'NOT met'}) and CPU ≤ 3× (${c.ours.median <= 3 * c.pop.median ? 'met' : 'NOT met'})`);
  console.log(`ratio (pdf.js / pdftotext): ${(w.pdfjs.median / w.pop.median).toFixed(2)}× the wall time, ${(c.pdfjs.median / c.pop.median).toFixed(2)}× the CPU time — pdf.js's text alone`);
}

await main();
