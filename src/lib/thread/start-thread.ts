import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { projectRoot, runsCompiled } from '../project-root.ts';

/**
 * The modules worker threads run, as paths under src/ without extension. Each is also an entry
 * of the build (scripts/build-config.mjs `ENTRIES`; tests/cli/build-mode.test.ts checks).
 */
export const THREAD_BODIES = ['extract/pdf-sandbox/worker', 'report/render-thread-worker', 'embedded-db/pglite-thread-worker'] as const;
export type ThreadBody = (typeof THREAD_BODIES)[number];

/**
 * Starts a worker thread running `body` the way this process runs: compiled from build/ when
 * this code is compiled (bin/distretti.mjs chose a fresh build), else the TypeScript through
 * tsx's loader (src/ run by tsx, vitest or a stale build). Never mixes the two, and the compiled
 * path pays no loader: registering tsx in a thread cost seconds of a `parse` (issue 13).
 */
export function startThread(body: ThreadBody, options: WorkerOptions = {}): Worker {
  const root = projectRoot();
  if (runsCompiled()) return new Worker(join(root, 'build', `${body}.js`), options);
  const source = pathToFileURL(join(root, 'src', `${body}.ts`)).href;
  return new Worker(join(root, 'src/lib/thread/tsx-entry.mjs'), { ...options, argv: [source, ...(options.argv ?? [])] });
}
