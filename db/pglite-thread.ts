import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Worker } from 'node:worker_threads';
import { RetryableError } from '../src/errors/distretti-error.ts';
import { startThread } from '../src/lib/thread/start-thread.ts';
import { fromWire, type KnownErrors } from '../src/lib/thread/wire-error.ts';
import type { PGliteQueryResult, PGliteThreadData, PGliteThreadMessage, PGliteThreadRequest } from '../src/embedded-db/pglite-thread-worker.ts';

/** What kysely-pglite-dialect uses of a PGlite instance, answered by the thread. */
export interface ThreadedPGlite {
  query(sql: string, params?: unknown[]): Promise<PGliteQueryResult>;
  /** Closes the database (a clean shutdown: the next open needs no recovery) and ends the thread. */
  close(): Promise<void>;
  readonly closed: boolean;
}

/** The embedded database's thread ended before answering: a crash, or the process is going down. */
export class EmbeddedDatabaseStoppedError extends RetryableError {
  constructor(dataDir: string, why: string) {
    super(
      'DB_EMBEDDED_STOPPED',
      `the embedded database (PGlite in ${dataDir}) stopped before answering (${why}); run the command again — PGlite recovers its data directory on the next open`,
      { service: 'database', target: dataDir },
    );
  }
}

const NO_TYPED_ERRORS: KnownErrors = new Map();

/**
 * PGlite's own default is 128 MB of shared buffers, held in its WebAssembly memory, which never
 * shrinks; our whole embedded database is ~45 MB after the sample archive, and the pages it reads
 * stay in the OS page cache anyway. 16 MB took 60–180 MB off `run --sample`'s peak RSS at the
 * same CPU time (issue 13, measured on this machine).
 */
export const PGLITE_SETTINGS: readonly string[] = ['-c', 'shared_buffers=16MB'];

/** Whether the embedded database in `dataDir` is yet to be created (no data directory there). */
export function isNewEmbeddedDatabase(dataDir: string): boolean {
  return !existsSync(join(dataDir, 'PG_VERSION'));
}

/**
 * Opens the embedded PGlite database on a worker thread of its own (issue 13).
 *
 * Why a thread: opening PGlite is ~0.6 s of WebAssembly start-up (instantiating PostgreSQL,
 * reading its catalogs), nearly half of a run that finds nothing new; on the main thread it
 * blocked everything else that run must do. On its own thread it opens on the other core while
 * the main thread loads the pipeline, starts the publisher and reads robots.txt, and the queries
 * of a long run no longer stall the event loop (HTTP, progress, the sample publisher).
 *
 * Statements are answered in order, one at a time, as PGlite itself runs them. Rows cross the
 * thread boundary by structured clone (bytea arrives as Uint8Array, as from PGlite directly); a
 * PostgreSQL error arrives with its fields (code, detail, constraint…), so `e.code === '23505'`
 * checks work unchanged.
 */
export function openPGliteThread(data: PGliteThreadData): Promise<ThreadedPGlite> {
  keepPGliteOnBaselineCode();
  const worker: Worker = startThread('embedded-db/pglite-thread-worker', { workerData: data });
  const pending = new Map<number, { resolve: (v: PGliteQueryResult | null) => void; reject: (e: unknown) => void }>();
  let nextId = 1;
  let closed = false;
  let exited = false;

  return new Promise<ThreadedPGlite>((resolveOpen, rejectOpen) => {
    let opened = false;
    const stop = (why: string) => {
      exited = true;
      closed = true;
      const e = new EmbeddedDatabaseStoppedError(data.dataDir, why);
      if (!opened) rejectOpen(e);
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    };
    worker.on('error', (e) => stop(e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => stop(`thread exited with code ${code}`));
    worker.on('message', (m: PGliteThreadMessage) => {
      if (m.kind === 'ready') {
        opened = true;
        // Idle, the thread does not keep the process alive (as PGlite on the main thread did not);
        // it is referenced again while a statement is in flight, so an awaited query is never cut off.
        worker.unref();
        resolveOpen(client);
      } else if (m.kind === 'failed') {
        // Opening failed (a corrupt directory, a seed that does not unpack): its own error, then the thread ends.
        opened = true;
        closed = true;
        rejectOpen(fromWire(m.error, NO_TYPED_ERRORS));
        void worker.terminate();
      } else {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (pending.size === 0) worker.unref();
        if (m.ok) p.resolve(m.value);
        else p.reject(fromWire(m.error, NO_TYPED_ERRORS));
      }
    });

    const send = (req: { kind: 'query'; sql: string; params: readonly unknown[] } | { kind: 'close' }): Promise<PGliteQueryResult | null> => {
      if (exited) return Promise.reject(new EmbeddedDatabaseStoppedError(data.dataDir, 'its thread has ended'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (pending.size === 1) worker.ref();
        worker.postMessage({ ...req, id } as PGliteThreadRequest);
      });
    };

    let closing: Promise<void> | undefined;
    const client: ThreadedPGlite = {
      async query(sql, params = []) {
        if (closed) throw new EmbeddedDatabaseStoppedError(data.dataDir, 'it was closed');
        return (await send({ kind: 'query', sql, params })) as PGliteQueryResult;
      },
      close() {
        closing ??= (async () => {
          if (exited) return;
          closed = true;
          const ended = new Promise<void>((r) => worker.once('exit', () => r()));
          await send({ kind: 'close' }).catch(() => {});
          // Held until the thread has ended: PGlite's shutdown checkpoint must not be cut off.
          worker.ref();
          await ended;
        })();
        return closing;
      },
      get closed() {
        return closed;
      },
    };
  });
}

let baselineOnly = false;
/**
 * PGlite's PostgreSQL is 10 MB of WebAssembly. V8 first compiles it with its baseline compiler
 * (Liftoff), then recompiles hot functions with its optimising one (TurboFan) in the background;
 * installing that code blocked the PGlite thread for ~0.5 s right after it opened, and on this
 * 2-core machine the recompiling cost more CPU than the faster code saved over a whole run
 * (measured: `run --sample` from empty 15.8 → 13.8 s of CPU, peak RSS 529 → 480 MB; a run with
 * nothing new 2.7–3.1 → 1.5–1.8 s of CPU). So an embedded database runs on baseline code.
 *
 * V8 flags are per process, read when a module is compiled: this must run before PGlite compiles,
 * and also affects any other WebAssembly the process compiles later (none of ours: pdf.js only
 * uses it for image formats a release's tables never need).
 */
function keepPGliteOnBaselineCode(): void {
  if (baselineOnly) return;
  setFlagsFromString('--liftoff-only');
  baselineOnly = true;
}
