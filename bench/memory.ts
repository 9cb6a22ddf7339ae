/**
 * Where `run --sample`'s memory goes (issue 13): runs the whole sample pipeline in-process on a
 * fresh embedded database, sampling process.memoryUsage() every 100 ms, and prints the peaks per
 * phase (imports, opening PGlite, the run) split into JS heap, external (WASM memory, Buffers)
 * and ArrayBuffers, plus V8's heap spaces at the end.
 *
 *   npx tsx bench/memory.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const peak: Record<string, number> = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
let phase = 'start';
const byPhase: Record<string, Record<string, number>> = {};
setInterval(() => {
  const m = process.memoryUsage() as unknown as Record<string, number>;
  const p = (byPhase[phase] ??= { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 });
  for (const k of Object.keys(peak)) { peak[k] = Math.max(peak[k]!, m[k]!); if (k in p) p[k] = Math.max(p[k]!, m[k]!); }
}, 100).unref();
const { loadConfig } = await import('../src/config.ts');
const { silentLogger } = await import('../src/log.ts');
const { openPipeline } = await import('../src/pipeline/deps.ts');
const { runPipeline } = await import('../src/pipeline/run.ts');
const { startSamplePublisher } = await import('../src/sample-publisher/index.ts');
phase = 'imports-done';
const pub = await startSamplePublisher({ crawlDelaySeconds: 0.1 });
const dir = mkdtempSync(join(tmpdir(), 'mem-'));
phase = 'openPipeline';
const deps = await openPipeline(loadConfig({ DISTRETTI_DATA_DIR: dir, DISTRETTI_HTTP_RATE: '20' }), silentLogger(), { source: 'sample', sourceBaseUrl: pub.url });
phase = 'run';
const t0 = performance.now();
await runPipeline(deps, {});
const ms = performance.now() - t0;
phase = 'done';
await new Promise((r) => setTimeout(r, 300));
const mb = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v / 1e6)]));
console.log('run ms', Math.round(ms));
console.log('peak MB', JSON.stringify(mb(peak)));
for (const [k, v] of Object.entries(byPhase)) console.log(k.padEnd(14), JSON.stringify(mb(v)));
const v8 = await import('node:v8');
console.log('heap spaces MB', JSON.stringify(Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.space_used_size / 1e6)]))));
await deps.close(); await pub.close();
process.exit(0);
