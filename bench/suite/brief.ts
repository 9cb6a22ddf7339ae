/**
 * Brief: pdfkit (ours) vs Debian's Chromium printing the same content (reused browser), each
 * renderer in its own process so memory is its own, processes interleaved (pdfkit, Chromium,
 * pdfkit, …) so load drift hits both. Also: the longest event-loop stall while briefs render on
 * the calling thread vs on the worker thread the `worker` command uses, and while a release
 * is parsed through the PDF sandbox's thread, as `worker` and `ingest` parse (vs on the calling
 * thread).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createTestDb } from '../../tests/helpers/db.ts';
import { insertFixture } from '../../tests/report/fixture.ts';
import { assembleBriefData } from '../../src/report/assemble.ts';
import { renderBrief } from '../../src/report/render.ts';
import { createThreadRenderer } from '../../src/report/render-thread.ts';
import { extractRelease } from '../../src/extract/pdf/index.ts';
import { createPdfSandbox, pdfLimitsFrom } from '../../src/extract/pdf-sandbox/index.ts';
import { loadConfig } from '../../src/config.ts';
import { loadSampleCatalog } from '../../src/sample-publisher/dataset/index.ts';
import { renderReleasePdf } from '../../src/sample-publisher/pdf/index.ts';
import type { BriefData } from '../../src/report/types.ts';
import { summarize, type BenchRow } from './stats.ts';

const run = promisify(execFile);

async function child(root: string, renderer: 'pdfkit' | 'chromium', dataFile: string, runs: number): Promise<{ ms: number[]; peakRssMb: number }> {
  const r = await run(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'bench/suite/brief-child.ts'), renderer, dataFile, String(runs)], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 600_000,
  });
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number[]; peakRssMb: number };
}

/** Longest event-loop stall (ms) while `work` runs, with a 10 ms timer keeping the loop busy-observed. */
async function longestStall(work: () => Promise<void>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const tick = setInterval(() => undefined, 5);
  try {
    await work();
    // Let the sampling timer fire once more: a stall still in progress is recorded only then.
    await new Promise((r) => setTimeout(r, 30));
  } finally {
    clearInterval(tick);
    h.disable();
  }
  return h.max / 1e6;
}

export async function benchBrief(reps: number, log: (s: string) => void, root: string): Promise<BenchRow[]> {
  const t = await createTestDb();
  let data: BriefData;
  try {
    await insertFixture(t.db, { source: 'sample' });
    data = await assembleBriefData(t.db, { entitySlug: 'biomedicale-mirandola' });
  } finally {
    await t.close();
  }
  const dataFile = join(mkdtempSync(join(tmpdir(), 'distretti-bench-brief-')), 'data.json');
  writeFileSync(dataFile, JSON.stringify(data));
  log(`brief: ${reps} interleaved process pairs × 5 renders`);
  const per = { pdfkit: [] as number[], chromium: [] as number[] };
  const rss = { pdfkit: [] as number[], chromium: [] as number[] };
  for (let i = 0; i < reps; i++) {
    const order: ReadonlyArray<'pdfkit' | 'chromium'> = i % 2 ? ['chromium', 'pdfkit'] : ['pdfkit', 'chromium'];
    for (const r of order) {
      const out = await child(root, r, dataFile, 5);
      per[r].push(summarize(out.ms).median);
      rss[r].push(out.peakRssMb);
    }
  }

  log('event loop: renders on this thread vs the render thread; a parse on this thread');
  const OPTS = { runId: 'bench', codeVersion: 'bench' };
  await renderBrief(data, { lang: 'it', ...OPTS }); // warm-up
  const renderer = createThreadRenderer();
  await renderer.render(data, { lang: 'it', ...OPTS }); // thread start and warm-up
  const catalog = loadSampleCatalog();
  const info = catalog.releases().at(-1)!;
  const pdf = new Uint8Array(await renderReleasePdf(info, catalog.figures(info.id)));
  const parseOpts = { series: info.series, region: info.region };
  await extractRelease(pdf, parseOpts); // warm-up
  // The sandbox the pipeline builds (src/pipeline/deps.ts), with the default limits.
  const sandbox = createPdfSandbox(pdfLimitsFrom(loadConfig({})));
  await sandbox.extract(pdf, parseOpts); // thread start and pdf.js warm-up
  const stall = { onThread: [] as number[], offThread: [] as number[], parse: [] as number[], parseOnThread: [] as number[] };
  try {
    for (let i = 0; i < reps; i++) {
      stall.onThread.push(await longestStall(async () => void (await renderBrief(data, { lang: 'it', ...OPTS }))));
      stall.offThread.push(await longestStall(async () => void (await renderer.render(data, { lang: 'it', ...OPTS }))));
      stall.parse.push(await longestStall(async () => void (await sandbox.extract(pdf, parseOpts))));
      stall.parseOnThread.push(await longestStall(async () => void (await extractRelease(pdf, parseOpts))));
    }
  } finally {
    await renderer.close();
    await sandbox.close();
  }
  const p = summarize(per.pdfkit);
  const c = summarize(per.chromium);
  const off = summarize(stall.offThread);
  return [
    { area: 'brief', figure: 'pdfkit brief, median of 5 renders per process', value: p, unit: 'ms', baseline: { name: 'Chromium (Debian), reused browser, same content', value: c }, ratio: c.median / p.median, goal: '(context: Chromium ÷ pdfkit)' },
    { area: 'brief', figure: 'pdfkit renderer process peak RSS', value: summarize(rss.pdfkit), unit: 'MB', baseline: { name: "Chromium's own processes, peak RSS", value: summarize(rss.chromium) }, ratio: summarize(rss.chromium).median / summarize(rss.pdfkit).median, goal: '(context: Chromium ÷ pdfkit)' },
    { area: 'event loop', figure: 'longest stall while a brief renders on the render thread (worker)', value: off, unit: 'ms', baseline: { name: 'rendering on the event loop (before)', value: summarize(stall.onThread) }, ratio: off.median / summarize(stall.onThread).median, goal: '< 50 ms', met: off.max < 50, note: 'with the load average above the core count, OS preemption alone stalls a loop for tens of ms; see load average' },
    { area: 'event loop', figure: "longest stall while a release parses on the PDF sandbox's thread (worker, ingest)", value: summarize(stall.parse), unit: 'ms', baseline: { name: 'parsing on the event loop', value: summarize(stall.parseOnThread) }, ratio: summarize(stall.parse).median / summarize(stall.parseOnThread).median, goal: '< 50 ms', met: summarize(stall.parse).max < 50, note: 'with the load average above the core count, OS preemption alone stalls a loop for tens of ms; see load average' },
  ];
}
