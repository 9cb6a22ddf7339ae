import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { startTestQueue, type TestQueue } from '../helpers/queue.ts';
import { waitForRun } from '../helpers/runs.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { stagesOfRun } from '../../db/queries/runs.ts';
import { selectFailed } from '../../src/jobs/operate.ts';
import { createCliContext } from '../../src/cli/context.ts';
import { dispatchRun } from '../../src/cli/queue-or-here.ts';
import { TEST_REDIS_URL } from '../helpers/redis.ts';
import type { PipelineDeps } from '../../src/pipeline/deps.ts';

// Two notes visible: 2018Q1 (July 2018) and 2018Q2 (October 2018).
const AS_OF = '2018-12-31';

describe('runs on the queue path (real Redis, Postgres, HTTP)', () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  let q: TestQueue;
  let cleanup: () => void;
  let deps: PipelineDeps;

  beforeAll(async () => {
    publisher = await startSamplePublisher({ port: 0, asOf: AS_OF });
    t = await createTestDb();
    const d = await testPipelineDeps(t.db, publisher.url);
    deps = d;
    cleanup = d.cleanup;
    q = await startTestQueue(d, { concurrency: 1 });
  });
  afterAll(async () => {
    await q?.close();
    cleanup?.();
    await publisher?.close();
    await t?.close();
  });

  const runJob = async (data: Parameters<TestQueue['enqueuer']['add']>[1]) => {
    const id = await q.enqueuer.add('run', data as never);
    const job = (await q.enqueuer.queue.getJob(id)) as Job;
    return (await job.waitUntilFinished(q.events, 60_000)) as { runId: string; enqueued: number; alreadyQueued: string[]; renderJobId: string | null };
  };
  const stageLines = async (runId: string) =>
    (await stagesOfRun(t.db, runId)).map((s) => `${s.stage} ${s.subject.split('/').pop()} ${s.status}${s.error_code ? ` ${s.error_code}` : ''}`);

  it('records a run whose release failed as partly failed, once its last job ended; the briefs did not wait forever', async () => {
    publisher.setFault({ kind: 'html-instead-of-pdf', pathContains: 'ottobre 2018' });
    const r = await runJob({ trigger: 'manual' });
    expect(r.enqueued).toBe(2);
    const run = await waitForRun(t.db, r.runId);
    publisher.setFault(null);
    expect(run).toMatchObject({ status: 'partly-failed', error_code: 'EXTRACT_NOT_A_PDF', trigger: 'manual' });
    expect(await stageLines(r.runId)).toEqual([
      'discover listing succeeded',
      'fetch 2018-07 succeeded',
      'parse 2018-07 succeeded',
      'load 2018-07 succeeded',
      'fetch 2018-10 failed EXTRACT_NOT_A_PDF',
      'parse 2018-10 skipped',
      'load 2018-10 skipped',
      'render biomedicale-mirandola succeeded',
    ]);
    // BullMQ's side: the failed fetch failed its parse and load (failParentOnFailure) and the
    // render went on without them (ignoreDependencyOnFailure).
    const render = (await q.enqueuer.queue.getJob(r.renderJobId!)) as Job;
    expect(await render.getState()).toBe('completed');
    const failed = await q.enqueuer.queue.getJobs(['failed']);
    expect(failed.map((j) => j.name).sort()).toEqual(['fetch', 'load', 'parse']);
    expect(failed.find((j) => j.name === 'fetch')!.failedReason).toMatch(/^EXTRACT_NOT_A_PDF: /);
    // `jobs retry --all` would retry the fetch, not the parents it failed.
    expect((await selectFailed(q.enqueuer.queue)).map((j) => j.name)).toEqual(['fetch']);
  });

  it('re-runs a release from parse and from load on the queue, as `distretti rerun` queues it', async () => {
    const ctx = createCliContext({ REDIS_URL: TEST_REDIS_URL, DISTRETTI_QUEUE_PREFIX: q.prefix, LOG_LEVEL: 'silent' });
    const release = await t.db.selectFrom('releases').select(['id', 'status']).where('cover_month', '=', 7).executeTakeFirstOrThrow();
    expect(release.status).toBe('loaded');
    for (const from of ['parse', 'load'] as const) {
      const d = await dispatchRun(ctx, { ...deps, dbHandle: undefined as never, close: async () => {} }, { trigger: 'retry', rerun: { releaseId: release.id, from } }, { kind: 'rerun' });
      expect(d.queued).toBe(true);
      if (!d.queued) continue;
      const run = await waitForRun(t.db, d.runId);
      expect(run).toMatchObject({ status: 'succeeded', kind: 'rerun', trigger: 'retry', job_id: d.jobId });
      expect(await stageLines(d.runId)).toEqual([
        `discover ${release.id} succeeded`,
        ...(from === 'parse' ? ['parse 2018-07 succeeded'] : []),
        'load 2018-07 succeeded',
        'render biomedicale-mirandola succeeded',
      ]);
    }
  });

  it('records a run that failed outright as failed (discovery), on the queue path too', async () => {
    publisher.setFault({ kind: 'listing-markup-changed' });
    const id = await q.enqueuer.add('run', { trigger: 'schedule' });
    const job = (await q.enqueuer.queue.getJob(id)) as Job;
    await expect(job.waitUntilFinished(q.events, 60_000)).rejects.toThrow(/LISTING_LAYOUT_DRIFT/);
    publisher.setFault(null);
    const row = await t.db.selectFrom('pipeline_runs').selectAll().where('job_id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', trigger: 'schedule', error_code: 'LISTING_LAYOUT_DRIFT' });
    expect(row.finished_at).toBeInstanceOf(Date);
  });

  it('never queues the same work twice: an overlapping run skips what another run has queued', async () => {
    // Worker concurrency 1: both run jobs are planned before any stage job starts.
    const [a, b] = await Promise.all([
      q.enqueuer.add('run', { trigger: 'manual', selection: 'all' }),
      q.enqueuer.add('run', { trigger: 'manual', selection: 'all' }),
    ]);
    const ra = (await ((await q.enqueuer.queue.getJob(a)) as Job).waitUntilFinished(q.events, 60_000)) as { runId: string; enqueued: number };
    const rb = (await ((await q.enqueuer.queue.getJob(b)) as Job).waitUntilFinished(q.events, 60_000)) as { runId: string; enqueued: number; alreadyQueued: string[] };
    expect(ra.enqueued).toBe(2);
    expect(rb.enqueued).toBe(0);
    expect(rb.alreadyQueued).toHaveLength(2);
    const runA = await waitForRun(t.db, ra.runId);
    const runB = await waitForRun(t.db, rb.runId);
    expect(runA.status).toBe('succeeded');
    expect(runB.status).toBe('succeeded');
    expect((await stageLines(rb.runId)).filter((l) => l.includes('ALREADY_QUEUED'))).toHaveLength(6);
    // Each fetch ran once across both runs.
    const fetchJobs = (await stagesOfRun(t.db, ra.runId)).filter((s) => s.stage === 'fetch').map((s) => s.job_id);
    expect(new Set(fetchJobs).size).toBe(2);
  });
});
