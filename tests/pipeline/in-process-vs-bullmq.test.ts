import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { startTestQueue } from '../helpers/queue.ts';
import { databaseSnapshot, testPipelineDeps } from '../helpers/pipeline.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { runPipeline } from '../../src/pipeline/run.ts';
import { stagesOfRun } from '../../db/queries/runs.ts';
import { waitForRun } from '../helpers/runs.ts';

// The 2018 notes plus the first 2019 one: enough to exercise vintages (the 2019Q1 note
// restates 2018Q1) while keeping the crawl short at the site's Crawl-delay of 1 s.
const AS_OF = '2019-07-31';

describe('in-process and BullMQ paths', () => {
  let publisher: SamplePublisher;
  let inProcess: TestDb;
  let queued: TestDb;

  beforeAll(async () => {
    publisher = await startSamplePublisher({ port: 0, asOf: AS_OF });
    inProcess = await createTestDb();
    queued = await createTestDb();
  });

  afterAll(async () => {
    await publisher?.close();
    await inProcess?.close();
    await queued?.close();
  });

  it('load the same releases into identical database contents', async () => {
    // In-process.
    const a = await testPipelineDeps(inProcess.db, publisher.url);
    const summary = await runPipeline(a, { trigger: 'manual' });
    a.cleanup();
    expect(summary.failed).toEqual([]);
    expect(summary.status).toBe('succeeded');
    expect(summary.ingested.length).toBeGreaterThanOrEqual(4);
    expect(summary.ingested.every((i) => i.status === 'loaded')).toBe(true);
    expect(summary.briefs.map((b) => b.lang).sort()).toEqual(['en', 'it']);

    // Through Redis: a worker, a `run` job that fans out into an ingest chain and the briefs.
    const b = await testPipelineDeps(queued.db, publisher.url);
    const q = await startTestQueue(b);
    const { enqueuer, events } = q;
    try {
      const runJobId = await enqueuer.add('run', { trigger: 'manual' });
      const runJob = (await enqueuer.queue.getJob(runJobId)) as Job;
      const runResult = (await runJob.waitUntilFinished(events, 120_000)) as { runId: string; renderJobId: string; enqueued: number };
      expect(runResult.enqueued).toBe(summary.ingested.length);
      const briefsJob = (await enqueuer.queue.getJob(runResult.renderJobId)) as Job;
      const briefs = (await briefsJob.waitUntilFinished(events, 180_000)) as Array<{ lang: string }>;
      expect(briefs.map((x) => x.lang).sort()).toEqual(['en', 'it']);
      expect(await enqueuer.queue.getJobCounts('failed')).toEqual({ failed: 0 });
      // The run ends when its last job does, and both paths record the same stages.
      const run = await waitForRun(queued.db, runResult.runId);
      expect(run.status).toBe('succeeded');
      const stagesOf = async (db: typeof queued.db, id: string) =>
        (await stagesOfRun(db, id)).map((s) => `${s.stage} ${s.subject} ${s.status}`).sort();
      expect(await stagesOf(queued.db, runResult.runId)).toEqual(await stagesOf(inProcess.db, summary.runId));
      expect((await stagesOfRun(queued.db, runResult.runId)).filter((s) => s.stage !== 'discover').every((s) => s.job_id)).toBe(true);
    } finally {
      await q.close();
      b.cleanup();
    }

    const snapA = await databaseSnapshot(inProcess.db);
    const snapB = await databaseSnapshot(queued.db);
    expect(snapA.observations!.length).toBeGreaterThan(500);
    expect(snapB).toEqual(snapA);
  }, 300_000);
});
