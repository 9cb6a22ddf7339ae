import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { createRedisConnection } from '../../src/jobs/connection.ts';
import { createEnqueuer } from '../../src/jobs/enqueue.ts';
import { enqueueRunPlan } from '../../src/jobs/enqueue.ts';
import { reconcileRuns } from '../../src/jobs/reconcile.ts';
import { openRun } from '../../src/pipeline/run-record.ts';
import { runById, stagesOfRun } from '../../db/queries/runs.ts';
import type { PipelineDeps } from '../../src/pipeline/deps.ts';

describe('reconciler: runs whose jobs vanished from Redis (real Redis, Postgres)', () => {
  const prefix = uniquePrefix();
  const conn = createRedisConnection(TEST_REDIS_URL);
  const enq = createEnqueuer(conn, prefix);
  let t: TestDb;
  let deps: PipelineDeps & { cleanup(): void };
  beforeAll(async () => {
    t = await createTestDb();
    deps = await testPipelineDeps(t.db, 'http://127.0.0.1:9');
  });
  afterAll(async () => {
    deps?.cleanup();
    await enq.close();
    conn.disconnect();
    await cleanupPrefix(prefix);
    await t?.close();
  });

  it('fails visibly the stages whose jobs are gone (Redis restarted empty) and ends the run', async () => {
    const runId = await openRun(deps, { kind: 'run', trigger: 'backfill', parameters: {} });
    const ref = { url: 'http://127.0.0.1:9/a.pdf', refQuarter: '2018Q1', hint: { series: 's', region: 'r', title: 't', coverYear: 2018, coverMonth: 7, publishedOn: null } };
    await enqueueRunPlan(enq, deps, runId, { listed: 1, entitySlug: 'biomedicale-mirandola', releases: [{ ref, from: 'fetch', force: false, status: null }] });
    expect((await stagesOfRun(t.db, runId)).map((s) => s.status)).toEqual(['queued', 'queued', 'queued', 'queued']);
    // Nothing vanished yet: the reconciler leaves the run alone.
    expect(await reconcileRuns(deps, enq.queue, { graceMs: 0 })).toEqual([]);

    // What a Redis restart without persistence leaves: no job at all.
    await enq.queue.obliterate({ force: true });
    const lost = await reconcileRuns(deps, enq.queue, { graceMs: 0 });
    expect(lost.map((l) => `${l.stage} ${l.code}`)).toEqual(['fetch JOB_LOST', 'render JOB_LOST']);
    const stages = await stagesOfRun(t.db, runId);
    expect(stages.map((s) => `${s.stage} ${s.status} ${s.error_code ?? ''}`.trim())).toEqual([
      'fetch failed JOB_LOST',
      'parse skipped',
      'load skipped',
      'render failed JOB_LOST',
    ]);
    expect(stages[0]!.error_message).toMatch(/no longer in Redis .*`distretti rerun --release ID --from fetch`/);
    expect(await runById(t.db, runId)).toMatchObject({ status: 'failed', error_code: 'JOB_LOST' });
    // A fresh queue object sees the same: nothing left to reconcile.
    expect(await reconcileRuns(deps, new Queue('pipeline', { connection: conn, prefix }), { graceMs: 0 })).toEqual([]);
  });
});
