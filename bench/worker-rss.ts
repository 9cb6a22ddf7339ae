/**
 * Only the worker-RSS figure of `npm run bench` (bench/suite/worker-rss.ts): `reps` backfills,
 * each through a fresh worker on a fresh database, with the load average before and after.
 *
 *   npx tsx bench/worker-rss.ts        # 3 repetitions
 *   npx tsx bench/worker-rss.ts 5
 */
import { fileURLToPath } from 'node:url';
import { loadAverage } from './suite/stats.ts';
import { benchWorkerBackfill } from './suite/worker-rss.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const reps = Math.max(1, Number(process.argv[2]) || 3);
const log = (s: string) => process.stderr.write(`${s}\n`);
log(`load average before: ${loadAverage()}`);
const rows = await benchWorkerBackfill(reps, log, ROOT);
for (const r of rows) log(`${r.figure}: ${r.value.median.toFixed(1)} (${r.value.min.toFixed(1)}–${r.value.max.toFixed(1)}) ${r.unit}`);
log(`load average after: ${loadAverage()}`);
