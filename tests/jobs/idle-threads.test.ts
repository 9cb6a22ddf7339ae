import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import { loadConfig } from '../../src/config.ts';
import { createPdfSandbox, pdfLimitsFrom, type PdfParser } from '../../src/extract/pdf-sandbox/index.ts';
import { releaseParserWhenIdle } from '../../src/jobs/idle-parser.ts';
import { createRedisConnection } from '../../src/jobs/connection.ts';
import { createPipelineWorker } from '../../src/jobs/worker.ts';
import { createIdleRelease } from '../../src/lib/thread/idle-release.ts';
import { createLogger } from '../../src/log.ts';
import { createThreadRenderer, type ThreadRenderer } from '../../src/report/render-thread.ts';
import { loadSampleCatalog } from '../../src/sample-publisher/dataset/index.ts';
import { renderReleasePdf } from '../../src/sample-publisher/pdf/index.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { startTestQueue, type TestQueue } from '../helpers/queue.ts';
import { waitForRun } from '../helpers/runs.ts';
import { TEST_REDIS_URL } from '../helpers/redis.ts';

const defaults = pdfLimitsFrom(loadConfig({}));
const HOUR = 3_600_000;

/**
 * The OS threads of this process. A worker thread adds one, and under tsx (these tests run the
 * TypeScript) its module loader's thread too: what matters is that they all end with it.
 */
const osThreads = () => readdirSync('/proc/self/task').length;

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One release of the sample publisher, as it serves it. */
async function sampleRelease(): Promise<{ bytes: Uint8Array; opts: { series: string; region: string } }> {
  const catalog = loadSampleCatalog();
  const info = catalog.release('er-2019Q2')!;
  return { bytes: new Uint8Array(await renderReleasePdf(info, catalog.figures(info.id))), opts: { series: info.series, region: info.region } };
}

describe('a worker gives back its PDF parse thread when no parse needs it (issue 13: worker memory)', () => {
  let release: Awaited<ReturnType<typeof sampleRelease>>;
  let sandbox: PdfParser | undefined;
  beforeAll(async () => {
    release = await sampleRelease();
    // libuv's pool starts its threads on first use: started now, they do not move the counts below.
    await readFile(new URL(import.meta.url));
  });
  afterEach(async () => {
    await sandbox?.close();
  });

  it('ends the thread after idleMs without a parse; the next parse starts a new one and reads the same', async () => {
    sandbox = createPdfSandbox(defaults);
    const reasons: string[] = [];
    const pdf = releaseParserWhenIdle(sandbox, { idleMs: 300, onRelease: (r) => reasons.push(r) });
    const before = osThreads();
    const first = await pdf.extract(release.bytes, release.opts);
    expect(first.figures.length).toBeGreaterThan(0);
    expect(osThreads()).toBeGreaterThan(before);
    await until(() => reasons.length > 0, 'the idle parse thread released');
    expect(reasons).toEqual(['idle']);
    await until(() => osThreads() === before, 'the thread gone from the process');
    expect(await pdf.extract(release.bytes, release.opts)).toEqual(first);
    pdf.stopIdleTimer();
  }, 60_000);

  it('is released when asked only if no parse is in flight, and only once', async () => {
    sandbox = createPdfSandbox(defaults);
    const reasons: string[] = [];
    const pdf = releaseParserWhenIdle(sandbox, { idleMs: HOUR, onRelease: (r) => reasons.push(r) });
    const before = osThreads();
    expect(await pdf.releaseIfIdle()).toBe(false); // never started: nothing to give back
    const parsing = pdf.extract(release.bytes, release.opts);
    const queued = pdf.extract(release.bytes, release.opts);
    expect(await pdf.releaseIfIdle()).toBe(false);
    const [a, b] = await Promise.all([parsing, queued]);
    expect(b).toEqual(a);
    expect(osThreads()).toBeGreaterThan(before);
    expect(await pdf.releaseIfIdle()).toBe(true);
    expect(reasons).toEqual(['asked']);
    await until(() => osThreads() === before, 'the thread gone from the process');
    expect(await pdf.releaseIfIdle()).toBe(false);
    pdf.stopIdleTimer();
  }, 60_000);

  it('rejects an idle time that is not a positive number of milliseconds', () => {
    for (const idleMs of [0, -1, Number.NaN]) {
      expect(() => createIdleRelease(async () => undefined, { idleMs })).toThrow(expect.objectContaining({ code: 'THREAD_IDLE_MS_INVALID', disposition: 'fatal' }));
    }
  });
});

describe('a run on the queue releases the idle parse thread when its render starts (real Redis, Postgres, HTTP)', () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  let q: TestQueue;
  let sandbox: PdfParser;
  let cleanup: () => void;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    // Two notes visible: 2018Q1 and 2018Q2.
    publisher = await startSamplePublisher({ port: 0, asOf: '2018-12-31' });
    t = await createTestDb();
    const log = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
    const d = await testPipelineDeps(t.db, publisher.url, { log });
    cleanup = d.cleanup;
    sandbox = createPdfSandbox(defaults);
    // An idle time no test waits for: only the render can have released the thread.
    q = await startTestQueue({ ...d, pdf: sandbox }, { concurrency: 2, threadIdleMs: HOUR });
    await readFile(new URL(import.meta.url));
  });
  afterAll(async () => {
    await q?.close();
    await sandbox?.close();
    cleanup?.();
    await publisher?.close();
    await t?.close();
  });

  it('parses on the thread, then renders without it', async () => {
    const before = osThreads();
    const id = await q.enqueuer.add('run', { trigger: 'manual' });
    const job = (await q.enqueuer.queue.getJob(id)) as Job;
    const { runId } = (await job.waitUntilFinished(q.events, 60_000)) as { runId: string };
    const run = await waitForRun(t.db, runId);
    expect(run.status).toBe('succeeded');
    const parsed = lines.filter((l) => l.msg === 'job completed' && l.job === 'parse');
    expect(parsed).toHaveLength(2);
    const released = lines.filter((l) => l.thread === 'pdf-parse');
    expect(released).toEqual([expect.objectContaining({ reason: 'asked', msg: 'idle thread released; the next use starts a new one' })]);
    // Released by the render job, once every parse had ended.
    const renderStarted = lines.findIndex((l) => l.msg === 'job started' && l.job === 'render');
    expect(renderStarted).toBeGreaterThan(lines.lastIndexOf(parsed[1]!));
    expect(lines.indexOf(released[0]!)).toBeGreaterThan(renderStarted);
    await until(() => osThreads() === before, 'the parse thread gone from the process');
  }, 120_000);
});

describe('a worker given the thread renderer releases its thread too once idle (real Redis, Postgres, HTTP)', () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  let q: TestQueue;
  let sandbox: PdfParser;
  let renderer: ThreadRenderer;
  let cleanup: () => void;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    publisher = await startSamplePublisher({ port: 0, asOf: '2018-12-31' });
    t = await createTestDb();
    const log = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
    const d = await testPipelineDeps(t.db, publisher.url, { log });
    cleanup = d.cleanup;
    sandbox = createPdfSandbox(defaults);
    renderer = createThreadRenderer();
    q = await startTestQueue({ ...d, pdf: sandbox }, { concurrency: 2, threadIdleMs: 1000, renderer });
    await readFile(new URL(import.meta.url));
  });
  afterAll(async () => {
    await q?.close();
    await renderer?.close();
    await sandbox?.close();
    cleanup?.();
    await publisher?.close();
    await t?.close();
  });

  it('renders the run on the thread, then gives the thread back', async () => {
    const before = osThreads();
    const id = await q.enqueuer.add('run', { trigger: 'manual' });
    const job = (await q.enqueuer.queue.getJob(id)) as Job;
    const { runId } = (await job.waitUntilFinished(q.events, 60_000)) as { runId: string };
    expect((await waitForRun(t.db, runId)).status).toBe('succeeded');
    const briefs = await t.db.selectFrom('briefs').select('id').execute();
    expect(briefs.length).toBeGreaterThan(0);
    await until(() => lines.some((l) => l.thread === 'render' && l.reason === 'idle'), 'the idle render thread released');
    await until(() => osThreads() === before, 'every thread of the run gone from the process');
  }, 120_000);

  it('refuses a renderer next to deps.renderBrief, before connecting anything', async () => {
    const d = await testPipelineDeps(t.db, publisher.url);
    const connection = createRedisConnection(TEST_REDIS_URL);
    try {
      const make = () =>
        createPipelineWorker({ deps: { ...d, renderBrief: renderer.render }, renderer, connection, prefix: q.prefix, concurrency: 1, enqueuer: q.enqueuer });
      expect(make).toThrow(expect.objectContaining({ code: 'JOB_WORKER_TWO_RENDERERS' }));
    } finally {
      connection.disconnect();
      d.cleanup();
    }
  });
});
