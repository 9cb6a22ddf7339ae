/**
 * Parse: our table extraction vs poppler's `pdftotext -layout` on the same release PDFs,
 * interleaved, on wall time and CPU time. pdftotext only runs as one process per file, so its
 * process start is measured too (`pdftotext -v`, one per file) and subtracted: neither side
 * counts a process start. (`distretti parse` of one file, process starts on both sides, is a
 * row of the cli suite.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractRelease } from '../../src/extract/pdf/index.ts';
import { loadPdfText } from '../../src/extract/pdf/load.ts';
import { loadSampleCatalog } from '../../src/sample-publisher/dataset/index.ts';
import { renderReleasePdf } from '../../src/sample-publisher/pdf/index.ts';
import { interleave, summarize, timeChild, type BenchRow } from './stats.ts';

/**
 * A second baseline, pdf.js's text alone (`loadPdfText`: open the document, every page's text
 * items, nothing of our reading), is interleaved too: it is the floor under extractRelease as long
 * as pdf.js reads the text, so the rows show how much of the gap to pdftotext is pdf.js's and how
 * much is ours. One warm-up round of every arm runs first and is not counted (JIT, pdf.js's
 * worker module, font data).
 */
export async function benchParse(reps: number, log: (s: string) => void, root: string): Promise<BenchRow[]> {
  const dir = join(root, 'var', 'bench-pdfs');
  mkdirSync(dir, { recursive: true });
  const catalog = loadSampleCatalog();
  const docs: { file: string; bytes: Uint8Array; series: string; region: string }[] = [];
  for (const info of catalog.releases().slice(-10)) {
    const bytes = await renderReleasePdf(info, catalog.figures(info.id));
    const file = join(dir, `${info.id}.pdf`);
    writeFileSync(file, bytes);
    docs.push({ file, bytes: new Uint8Array(bytes), series: info.series, region: info.region });
  }
  const loop = (cmd: string) => ['-c', `for f in ${docs.map((d) => `'${d.file}'`).join(' ')}; do ${cmd}; done`];
  log(`parse: ${docs.length} releases, ${reps} interleaved repetitions`);
  let pages = 0;
  for (const d of docs) pages += (await extractRelease(d.bytes, { series: d.series, region: d.region })).fingerprint.pageCount; // warm-up
  for (const d of docs) await loadPdfText(d.bytes);
  const cpu: Record<string, number[]> = { ours: [], pdfjs: [], poppler: [], start: [] };
  const wall = await interleave(reps, {
    pdfjs: async () => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (const d of docs) await loadPdfText(d.bytes);
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      cpu.pdfjs!.push((c.user + c.system) / 1000);
      return ms;
    },
    ours: async () => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (const d of docs) await extractRelease(d.bytes, { series: d.series, region: d.region });
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      cpu.ours!.push((c.user + c.system) / 1000);
      return ms;
    },
    poppler: async () => {
      const r = await timeChild('bash', loop(`pdftotext -layout "$f" - >/dev/null`));
      cpu.poppler!.push(r.cpuMs);
      return r.wallMs;
    },
    start: async () => {
      const r = await timeChild('bash', loop('pdftotext -v 2>/dev/null'));
      cpu.start!.push(r.cpuMs);
      return r.wallMs;
    },
  });
  const net = (xs: number[], starts: number[]) => xs.map((x, i) => Math.max(1, x - (starts[i] ?? 0)));
  const popWall = summarize(net(wall.poppler, wall.start));
  const popCpu = summarize(net(cpu.poppler!, cpu.start!));
  const oursWall = summarize(wall.ours);
  const oursCpu = summarize(cpu.ours!);
  const pdfjsCpu = summarize(cpu.pdfjs!);
  // our reading's own CPU: each round's extractRelease minus the pdf.js text of the same round
  const readingCpu = summarize(cpu.ours!.map((x, i) => x - (cpu.pdfjs![i] ?? 0)));

  return [
    { area: 'parse', figure: `extractRelease, ${docs.length} releases (${pages} pages), wall`, value: oursWall, unit: 'ms', baseline: { name: 'pdftotext -layout, process starts subtracted', value: popWall }, ratio: oursWall.median / popWall.median, goal: '(context: × pdftotext time)', ...(popWall.median <= 1 ? { note: "pdftotext's wall time minus its process start is within the noise here (a loaded machine); compare CPU time" } : {}) },
    { area: 'parse', figure: 'the same, CPU time', value: oursCpu, unit: 'ms CPU', baseline: { name: 'pdftotext -layout CPU, starts subtracted', value: popCpu }, ratio: oursCpu.median / popCpu.median, goal: '≤ 3× pdftotext CPU (issue 9)', met: oursCpu.median <= 3 * popCpu.median },
    { area: 'parse', figure: "pdf.js's text alone (loadPdfText: open, every page's text items, no reading), CPU time — the floor under extractRelease", value: pdfjsCpu, unit: 'ms CPU', baseline: { name: 'pdftotext -layout CPU, starts subtracted', value: popCpu }, ratio: pdfjsCpu.median / popCpu.median, goal: '(context: × pdftotext CPU)' },
    { area: 'parse', figure: 'our reading on top of it (extractRelease − pdf.js text, per round), CPU time', value: readingCpu, unit: 'ms CPU', baseline: { name: 'pdftotext -layout CPU, starts subtracted', value: popCpu }, ratio: readingCpu.median / popCpu.median, goal: '(context: × pdftotext CPU)' },
  ];
}
