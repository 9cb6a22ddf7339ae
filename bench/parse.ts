/**
 * Benchmark: release PDF extraction (extractRelease) vs poppler's `pdftotext -layout` on the same
 * files in the same run. Renders every sample release to var/bench-pdfs/, warms up, repeats, and
 * prints median pages/s for both and the time ratio, with the machine it ran on.
 *
 * Goal (issue 4): ≥ 50 pages/s and no more than 3× pdftotext's time.
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
import { loadSampleCatalog } from '../src/sample-publisher/dataset/index.ts';
import { renderReleasePdf } from '../src/sample-publisher/pdf/index.ts';

const run = promisify(execFile);
const OUT_DIR = join(process.cwd(), 'var', 'bench-pdfs');
const rounds = Math.max(1, Number(process.argv[2] ?? 5) || 5);

interface Doc {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly series: string;
  readonly region: string;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

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

async function ours(docs: readonly Doc[]): Promise<{ ms: number; pages: number }> {
  const t0 = performance.now();
  let pages = 0;
  for (const d of docs) {
    const r = await extractRelease(d.bytes, { series: d.series, region: d.region });
    pages += r.fingerprint.pageCount;
  }
  return { ms: performance.now() - t0, pages };
}

async function poppler(docs: readonly Doc[]): Promise<number> {
  const t0 = performance.now();
  for (const d of docs) await run('pdftotext', ['-layout', d.file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const docs = await prepare();
  const { pages } = await ours(docs); // warm-up: JIT, pdf.js module and font data
  await poppler(docs);
  const oursMs: number[] = [];
  const popplerMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // alternate the order so neither side always runs on a warmer machine
    if (i % 2 === 0) {
      oursMs.push((await ours(docs)).ms);
      popplerMs.push(await poppler(docs));
    } else {
      popplerMs.push(await poppler(docs));
      oursMs.push((await ours(docs)).ms);
    }
  }
  const o = median(oursMs);
  const p = median(popplerMs);
  const cpus = os.cpus();
  // pdftotext prints its version on stderr
  const popplerVersion = await run('pdftotext', ['-v']).then(
    (r) => `${r.stdout}${r.stderr}`,
    (e: { stderr?: string }) => e.stderr ?? '',
  );
  console.log(`machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`pdftotext: ${(popplerVersion.split('\n')[0] ?? '').trim() || 'version unknown'}`);
  console.log(`files: ${docs.length} sample releases, ${pages} pages; ${rounds} rounds after 1 warm-up (medians)`);
  console.log(`extractRelease        : ${(pages / (o / 1000)).toFixed(1)} pages/s  (${o.toFixed(0)} ms per round, full table reading)`);
  console.log(`pdftotext -layout     : ${(pages / (p / 1000)).toFixed(1)} pages/s  (${p.toFixed(0)} ms per round, one process per file)`);
  console.log(`ratio (ours / poppler): ${(o / p).toFixed(2)}× the time  — goal ≥ 50 pages/s and ≤ 3×`);
}

await main();
