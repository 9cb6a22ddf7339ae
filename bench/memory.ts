/**
 * Where `run --sample`'s memory goes (issue 13): runs the whole sample pipeline in-process on a
 * fresh embedded database, sampling process.memoryUsage() every 50 ms, and prints RSS (the whole
 * process: this thread, the parse thread, PGlite's WebAssembly memory) next to this thread's JS
 * heap and external memory after opening the database, every 5 releases, after the run and after
 * closing (which ends the parse thread and PGlite: what each held shows as the drop).
 *
 *   npx tsx bench/memory.ts
 *
 * Measured on this machine through tsx (load ~11): RSS ~217 MB after imports; ~810 MB once the
 * database is open and the parse thread has booted (the thread, which registers tsx and loads
 * pdf.js, ~230–290 MB; PGlite ~250 MB); ~970 MB at the end, ~720 MB after the thread ends.
 * A bundled (no tsx) parse thread measured ~65 MB booted, ~90 MB after parsing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mb = (n: number) => Math.round(n / 1e6);
let peak = 0;
setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50).unref();
function show(label: string): void {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  console.log(`${label.padEnd(24)} rss ${mb(m.rss)}  peak ${mb(peak)}  heapUsed ${mb(m.heapUsed)}  external ${mb(m.external)}  arrayBuffers ${mb(m.arrayBuffers)}`);
}

const { loadConfig } = await import('../src/config.ts');
const { silentLogger } = await import('../src/log.ts');
const { openPipeline } = await import('../src/pipeline/deps.ts');
const { runPipeline } = await import('../src/pipeline/run.ts');
const { startSamplePublisher } = await import('../src/sample-publisher/index.ts');
show('imports');
const pub = await startSamplePublisher({ crawlDelaySeconds: 0.1 });
const dir = mkdtempSync(join(tmpdir(), 'distretti-mem-'));
try {
  const deps = await openPipeline(loadConfig({ DISTRETTI_DATA_DIR: dir, DISTRETTI_HTTP_RATE: '20' }), silentLogger(), { source: 'sample', sourceBaseUrl: pub.url });
  show('database open');
  const t0 = performance.now();
  await runPipeline(deps, { onProgress: (done, total, label) => done % 5 === 0 && show(`${done}/${total} ${label}`) });
  show(`run done (${Math.round(performance.now() - t0)} ms)`);
  await deps.close();
  await new Promise((r) => setTimeout(r, 300));
  show('closed');
} finally {
  await pub.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
