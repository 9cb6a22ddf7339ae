import { mkdirSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { unpackSeed } from '../../db/pglite-seed.ts';
import { toWire, type WireError, type WireReply } from '../lib/thread/wire-error.ts';

/** What the parent starts the thread with (db/pglite-thread.ts). */
export interface PGliteThreadData {
  readonly dataDir: string;
  /** Unpack the bundled initdb seed first (the directory is empty). */
  readonly seed: boolean;
  readonly startParams: readonly string[];
}

/** A statement from the parent, or the order to close. */
export type PGliteThreadRequest =
  | { readonly id: number; readonly kind: 'query'; readonly sql: string; readonly params: readonly unknown[] }
  | { readonly id: number; readonly kind: 'close' };

export interface PGliteQueryResult {
  readonly rows: unknown[];
  readonly affectedRows?: number;
}

/** First message: the database is open (or could not be opened), then one reply per request. */
export type PGliteThreadMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly error: WireError }
  | ({ readonly kind: 'reply' } & WireReply<PGliteQueryResult | null>);

// PostgreSQL type OIDs: `date` stays a 'YYYY-MM-DD' string (a Date would shift it by the time
// zone) and int8 (bigserial ids, count(*)) a number, as the `pg` pool is configured (connect.ts).
const DATE_OID = 1082;
const INT8_OID = 20;

const port = parentPort;
if (!port) throw new Error('pglite-thread-worker.ts runs inside a worker thread (see db/pglite-thread.ts)');
const { dataDir, seed, startParams } = workerData as PGliteThreadData;

async function open() {
  if (seed) await unpackSeed(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  return PGlite.create({
    dataDir,
    startParams: [...PGlite.defaultStartParams, ...startParams],
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v) },
  });
}

open().then(
  (db) => {
    // PGlite runs one statement at a time; requests are answered in the order they came.
    let chain: Promise<unknown> = Promise.resolve();
    port.on('message', (req: PGliteThreadRequest) => {
      chain = chain.then(async () => {
        try {
          if (req.kind === 'close') {
            if (!db.closed) await db.close();
            port.postMessage({ kind: 'reply', id: req.id, ok: true, value: null } satisfies PGliteThreadMessage);
            port.close();
            return;
          }
          const r = await db.query(req.sql, req.params as unknown[]);
          const value: PGliteQueryResult = r.affectedRows ? { rows: r.rows, affectedRows: r.affectedRows } : { rows: r.rows };
          port.postMessage({ kind: 'reply', id: req.id, ok: true, value } satisfies PGliteThreadMessage);
        } catch (e) {
          port.postMessage({ kind: 'reply', id: req.id, ok: false, error: toWire(e) } satisfies PGliteThreadMessage);
        }
      });
    });
    port.postMessage({ kind: 'ready' } satisfies PGliteThreadMessage);
  },
  (e: unknown) => port.postMessage({ kind: 'failed', error: toWire(e) } satisfies PGliteThreadMessage),
);
