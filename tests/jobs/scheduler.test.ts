import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, type Job } from 'bullmq';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { startTestQueue } from '../helpers/queue.ts';
import { waitForRun } from '../helpers/runs.ts';
import { cleanupPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { createRedisConnection } from '../../src/jobs/connection.ts';
import { PIPELINE_QUEUE } from '../../src/jobs/payloads.ts';
import { catchUpMissedRuns, listSchedules, reconcileSchedules, type ScheduleSettings } from '../../src/jobs/scheduler.ts';
import { insertRun } from '../../db/queries/runs.ts';
import { silentLogger } from '../../src/log.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { runPipeline } from '../../src/pipeline/run.ts';
import { calendarState } from '../../src/pipeline/calendar.ts';

const SETTINGS: ScheduleSettings = { pattern: '0 7 * * 1', windowPattern: '0 7 * * *', tz: 'Europe/Rome', missedRuns: 'latest' };

describe('schedules (real Redis)', () => {
  const prefix = uniquePrefix();
  const conns: ReturnType<typeof createRedisConnection>[] = [];
  const queue = () => {
    const c = createRedisConnection(TEST_REDIS_URL);
    conns.push(c);
    return new Queue(PIPELINE_QUEUE, { connection: c, prefix });
  };
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    for (const c of conns) c.disconnect();
    await cleanupPrefix(prefix);
    await t?.close();
  });

  it('a scheduler restarted three times (two at once) leaves one of each schedule, and drops stale ones', async () => {
    const q0 = queue();
    await q0.upsertJobScheduler('weekly-old', { pattern: '0 6 * * 2', tz: 'UTC' }, { name: 'run', data: { trigger: 'schedule' } });
    const first = await reconcileSchedules(q0, SETTINGS);
    expect(first.removed).toEqual(['weekly-old']);
    await Promise.all([reconcileSchedules(queue(), SETTINGS), reconcileSchedules(queue(), SETTINGS)]);
    await reconcileSchedules(queue(), SETTINGS);
    const schedulers = await q0.getJobSchedulers(0, -1);
    expect(schedulers.map((s) => s.key).sort()).toEqual(['discovery', 'discovery-window']);
    // One pending job per schedule, not one per restart.
    const delayed = await q0.getJobs(['delayed', 'waiting']);
    expect(delayed.filter((j) => j.name === 'run')).toHaveLength(2);

    const listed = await listSchedules(t.db, q0, SETTINGS, new Date('2026-03-04T12:00:00Z'));
    expect(listed.map((s) => [s.id, s.pattern, s.tz, s.registered])).toEqual([
      ['discovery', '0 7 * * 1', 'Europe/Rome', true],
      ['discovery-window', '0 7 * * *', 'Europe/Rome', true],
    ]);
    for (const s of listed) expect(Date.parse(s.next!)).toBeGreaterThan(Date.now() - 1000);
  });

  it('applies the missed-run policy: skip queues none, latest one, all one per missed week; never twice', async () => {
    const now = new Date('2026-03-04T12:00:00Z'); // a Wednesday
    // The last scheduled run started three Mondays ago.
    await insertRun(t.db, { kind: 'run', trigger: 'schedule', parameters: {}, codeVersion: 'test', startedAt: new Date('2026-02-09T06:00:30Z') });
    const log = silentLogger();
    const qs = queue();
    const skip = await catchUpMissedRuns(t.db, qs, { ...SETTINGS, missedRuns: 'skip' }, { now, log });
    expect(skip.missed.map((d) => d.toISOString())).toEqual(['2026-02-16T06:00:00.000Z', '2026-02-23T06:00:00.000Z', '2026-03-02T06:00:00.000Z']);
    expect(skip.queued).toEqual([]);

    const latest = await catchUpMissedRuns(t.db, qs, { ...SETTINGS, missedRuns: 'latest' }, { now, log });
    expect(latest.queued).toEqual([`missed.discovery.${Date.parse('2026-03-02T06:00:00Z')}`]);

    const all = await catchUpMissedRuns(t.db, qs, { ...SETTINGS, missedRuns: 'all' }, { now, log });
    expect(all.queued).toHaveLength(3);
    await catchUpMissedRuns(t.db, queue(), { ...SETTINGS, missedRuns: 'all' }, { now, log });
    const missedJobs = (await qs.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.id?.startsWith('missed.'));
    expect(missedJobs).toHaveLength(3);
    expect(missedJobs.every((j) => (j.data as { trigger: string }).trigger === 'schedule')).toBe(true);
  });
});

describe('calendar states', () => {
  it.each([
    // newest loaded 2018Q2 (its own window Oct–Nov 2018); next 2018Q3, window Jan–Feb 2019
    ['2018-11-10', 'published'],
    ['2018-12-15', 'not-due'],
    ['2019-01-20', 'due'],
    ['2019-03-01', 'late'],
  ] as const)('on %s a series whose newest note is 2018Q2 is %s', (today, state) => {
    expect(calendarState({ refYear: 2018, refQuarter: 2 }, today)).toMatchObject({ latest: '2018Q2', next: '2018Q3', windowFrom: '2019-01-01', lateSince: '2019-03-01', state });
  });
});

describe('the daily window poll picks up a note appearing on the publisher (real Redis, Postgres, HTTP)', () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  beforeAll(async () => {
    publisher = await startSamplePublisher({ port: 0, asOf: '2018-12-01' });
    t = await createTestDb();
  });
  afterAll(async () => {
    await publisher?.close();
    await t?.close();
  });

  it('does nothing while no note is due, and loads the note once it is due and published', async () => {
    let today = '2018-12-01T08:00:00Z';
    const deps = await testPipelineDeps(t.db, publisher.url, { now: () => new Date(today) });
    const q = await startTestQueue(deps, { concurrency: 1 });
    const poll = async () => {
      const id = await q.enqueuer.add('run', { trigger: 'schedule', onlyWhenDue: true });
      return (await ((await q.enqueuer.queue.getJob(id)) as Job).waitUntilFinished(q.events, 60_000)) as { skipped?: string; runId?: string; enqueued?: number };
    };
    try {
      expect((await runPipeline(deps)).status).not.toBe('failed'); // 2018Q1 and 2018Q2 loaded

      today = '2018-12-15T06:00:00Z'; // the 2018Q3 note is due from January
      expect(await poll()).toEqual({ skipped: 'no note is due' });

      today = '2019-01-31T06:00:00Z';
      publisher.setAsOf('2019-01-31'); // the January 2019 note (2018Q3) is out
      const r = await poll();
      expect(r.enqueued).toBe(1);
      expect((await waitForRun(t.db, r.runId!)).status).toBe('succeeded');
    } finally {
      await q.close();
      deps.cleanup();
    }
    const rows = await t.db.selectFrom('releases').select(['cover_year', 'cover_month', 'status']).orderBy('cover_year').orderBy('cover_month').execute();
    expect(rows.at(-1)).toEqual({ cover_year: 2019, cover_month: 1, status: 'loaded' });
  }, 240_000);
});
