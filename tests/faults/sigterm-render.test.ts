import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createTestDb, TEST_DATABASE_URL, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { schemaUrl, spawnCli, waitForDrain, workerEnv, type CliProcess } from '../helpers/cli-process.ts';
import { connectRedis } from '../../src/jobs/connection.ts';
import { createEnqueuer, type Enqueuer } from '../../src/jobs/enqueue.ts';
import { runPipeline } from '../../src/pipeline/run.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import type { Redis } from 'ioredis';

/** A whole PDF: header, end-of-file marker, and (for stored ones) the hash it was stored under. */
function expectWholePdf(bytes: Uint8Array, sha256?: string) {
  const buf = Buffer.from(bytes);
  expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(buf.subarray(-1024).toString('latin1')).toContain('%%EOF');
  if (sha256) expect(createHash('sha256').update(buf).digest('hex')).toBe(sha256);
}

/**
 * Issue 12: SIGTERM during a render. With no grace left the job goes back to the queue (no
 * attempt used, nothing half-written); with grace it finishes first. Either way the worker
 * exits 0 and every brief stored in the database or on disk is a whole PDF.
 */
describe('SIGTERM during a render (real processes)', () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  let dataDir: string;
  let conn: Redis;
  let enqueuer: Enqueuer;
  let runId: string;
  const prefix = uniquePrefix();
  const workers: CliProcess[] = [];

  beforeAll(async () => {
    publisher = await startSamplePublisher({ port: 0, asOf: '2018-08-31' });
    t = await createTestDb();
    const deps = await testPipelineDeps(t.db, publisher.url);
    ({ runId } = await runPipeline(deps));
    deps.cleanup();
    // The data stays; the briefs go, so the job below has to render them.
    await sql`delete from brief_observations`.execute(t.db);
    await sql`delete from briefs`.execute(t.db);
    dataDir = mkdtempSync(join(tmpdir(), 'distretti-sigterm-'));
    conn = await connectRedis(TEST_REDIS_URL);
    enqueuer = createEnqueuer(conn, prefix);
  }, 300_000);

  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await enqueuer?.close();
    conn?.disconnect();
    await cleanupPrefix(prefix);
    await publisher?.close();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = (graceMs: number) => {
    const w = spawnCli(
      ['worker'],
      workerEnv({ databaseUrl: schemaUrl(TEST_DATABASE_URL, t.schema), redisUrl: TEST_REDIS_URL, prefix, publisherUrl: publisher.url, dataDir, extra: {
        DISTRETTI_SHUTDOWN_GRACE_MS: String(graceMs),
        // Rendering is CPU-bound: on a busy machine a 2 s lock could lapse mid-render (a false stall).
        DISTRETTI_WORKER_LOCK_MS: '15000',
        DISTRETTI_WORKER_STALLED_INTERVAL_MS: '5000',
      } }),
    );
    workers.push(w);
    return w;
  };

  const storedBriefs = () => sql<{ lang: string; sha256: string; bytes: Buffer }>`select lang, sha256, bytes from briefs`.execute(t.db);

  it('hands the job back when the grace is over, then finishes it gracefully on the next worker', async () => {
    const id = await enqueuer.add('render', { runId, entitySlug: 'biomedicale-mirandola' });

    // 1. No grace: SIGTERM mid-render hands the job back.
    const first = start(0);
    await first.waitFor((l) => l.msg === 'job started' && l.job === 'render', 120_000, 'render start');
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 300)));
    const firstSignalled = Date.now();
    first.kill('SIGTERM');
    const firstExit = await first.exited;
    const firstStopMs = Date.now() - firstSignalled;
    expect(firstExit.code).toBe(0);
    expect(first.lines.some((l) => l.msg === 'worker stopped' && l.outcome === 'handed-back')).toBe(true);
    expect(first.lines.some((l) => l.code === 'JOB_CANCELLED')).toBe(true);
    const job = (await enqueuer.queue.getJob(id))!;
    expect(await job.getState()).toBe('waiting');
    expect(job.attemptsMade).toBe(0);
    for (const b of (await storedBriefs()).rows) expectWholePdf(b.bytes, b.sha256);
    const briefsDir = join(dataDir, 'briefs');
    const files = () => {
      try {
        return readdirSync(briefsDir);
      } catch {
        return [];
      }
    };
    expect(files().filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const f of files()) expectWholePdf(readFileSync(join(briefsDir, f)));

    // 2. With grace: SIGTERM as the render starts; the render finishes, then the worker exits.
    const second = start(60_000);
    await second.waitFor((l) => l.msg === 'job started' && l.job === 'render', 120_000, 'render start');
    const secondSignalled = Date.now();
    second.kill('SIGTERM');
    const secondExit = await second.exited;
    const secondStopMs = Date.now() - secondSignalled;
    expect(secondExit.code).toBe(0);
    expect(second.lines.some((l) => l.msg === 'worker stopped' && l.outcome === 'drained')).toBe(true);
    expect(await (await enqueuer.queue.getJob(id))!.getState()).toBe('completed');
    const counts = await waitForDrain(enqueuer.queue, 10_000);
    expect(counts.failed).toBe(0);
    const briefs = (await storedBriefs()).rows;
    expect(briefs.map((b) => b.lang).sort()).toEqual(['en', 'it']);
    for (const b of briefs) expectWholePdf(b.bytes, b.sha256);
    expect(files().filter((f) => f.endsWith('.pdf'))).toHaveLength(2);
    for (const f of files()) expectWholePdf(readFileSync(join(briefsDir, f)));
    console.log(
      `[faults] SIGTERM mid-render: 2 faults injected; no grace → handed back, exited ${firstStopMs} ms after SIGTERM (attempts used 0), ` +
        `with grace → render finished, exited ${secondStopMs} ms after SIGTERM; ${briefs.length} briefs, all whole PDFs`,
    );
  }, 400_000);
});
