import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, TEST_DATABASE_URL, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { schemaUrl, spawnCli, workerEnv } from '../helpers/cli-process.ts';
import { TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { runPipeline } from '../../src/pipeline/run.ts';
import { endAbandonedRuns, judgeOwner, parseOwner, thisProcessOwner } from '../../src/pipeline/run-liveness.ts';
import { insertRun, runById, stagesOfRun, writeStage } from '../../db/queries/runs.ts';

/** The pid of a process that has certainly exited (and, this soon, not been reused). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

describe('judgeOwner', () => {
  const now = new Date('2026-01-10T12:00:00Z');
  const probe = { host: 'here', now, staleMs: 120_000, isPidAlive: (pid: number) => pid === 42 };
  const run = (owner: string | null, heartbeat: string | null) => ({ owner, heartbeat_at: heartbeat ? new Date(heartbeat) : null, started_at: new Date('2026-01-10T11:00:00Z') });

  it('on this machine, believes the process table over the heartbeat', () => {
    expect(judgeOwner(run('here:42', '2026-01-10T09:00:00Z'), probe)).toEqual({ gone: false });
    const gone = judgeOwner(run('here:43', '2026-01-10T11:59:59Z'), probe);
    expect(gone.gone).toBe(true);
    expect(gone.gone && gone.why).toContain('pid 43 on here) no longer exists');
  });

  it('on another machine, goes by the heartbeat only', () => {
    expect(judgeOwner(run('there:43', '2026-01-10T11:59:00Z'), probe)).toEqual({ gone: false });
    const gone = judgeOwner(run('there:42', '2026-01-10T11:50:00Z'), probe);
    expect(gone.gone && gone.why).toContain('no heartbeat for 600 s');
    // No heartbeat yet: the start counts as the last sign of life.
    expect(judgeOwner(run('there:42', null), probe).gone).toBe(true);
  });

  it('leaves runs without a (readable) owner alone: queued runs are the reconciler’s', () => {
    expect(judgeOwner(run(null, null), probe)).toEqual({ gone: false });
    expect(judgeOwner(run('garbage', null), probe)).toEqual({ gone: false });
    expect(parseOwner('host.with:colons:123')).toEqual({ host: 'host.with:colons', pid: 123 });
  });
});

describe('runs whose process is gone (real PostgreSQL, real processes)', () => {
  let t: TestDb;
  let publisher: SamplePublisher;
  beforeAll(async () => {
    t = await createTestDb();
    publisher = await startSamplePublisher({ port: 0, asOf: '2019-01-31' });
  });
  afterAll(async () => {
    await publisher?.close();
    await t?.close();
  });

  it('ends a dead process’s run: the stage it was at fails RUN_ABANDONED, the rest is not run, a living one is left alone', async () => {
    const deps = await testPipelineDeps(t.db, publisher.url);
    try {
      const startedAt = new Date();
      const dead = await insertRun(t.db, { kind: 'run', trigger: 'manual', parameters: {}, codeVersion: 'test', startedAt, owner: `${hostname()}:${await deadPid()}` });
      const alive = await insertRun(t.db, { kind: 'run', trigger: 'manual', parameters: {}, codeVersion: 'test', startedAt, owner: thisProcessOwner() });
      for (const runId of [dead, alive]) {
        await writeStage(t.db, { runId, stage: 'discover', subject: 'listing', status: 'succeeded', finishedAt: startedAt });
        await writeStage(t.db, { runId, stage: 'fetch', subject: 'a', status: 'succeeded', finishedAt: startedAt });
        await writeStage(t.db, { runId, stage: 'parse', subject: 'a', status: 'running', startedAt });
        await writeStage(t.db, { runId, stage: 'load', subject: 'a', status: 'queued' });
        await writeStage(t.db, { runId, stage: 'fetch', subject: 'b', status: 'queued' });
        await writeStage(t.db, { runId, stage: 'parse', subject: 'b', status: 'queued' });
        await writeStage(t.db, { runId, stage: 'render', subject: 'briefs', status: 'queued' });
      }
      const ended = await endAbandonedRuns(deps);
      expect(ended.map((e) => e.runId)).toEqual([dead]);

      const row = await runById(t.db, dead);
      expect(row?.status).toBe('failed');
      const byKey = Object.fromEntries((await stagesOfRun(t.db, dead)).map((s) => [`${s.stage}/${s.subject}`, s]));
      expect(byKey['parse/a']).toMatchObject({ status: 'failed', error_code: 'RUN_ABANDONED' });
      expect(byKey['parse/a']!.error_message).toMatch(/no longer exists.*distretti run/);
      expect(byKey['load/a']).toMatchObject({ status: 'skipped' });
      // A release the run never reached is not "succeeded by omission": its first stage fails too.
      expect(byKey['fetch/b']).toMatchObject({ status: 'failed', error_code: 'RUN_ABANDONED' });
      expect(byKey['parse/b']).toMatchObject({ status: 'skipped' });
      expect(byKey['render/briefs']).toMatchObject({ status: 'failed', error_code: 'RUN_ABANDONED' });
      expect(byKey['fetch/a']).toMatchObject({ status: 'succeeded' });

      expect((await runById(t.db, alive))?.status).toBe('running');
      expect((await stagesOfRun(t.db, alive)).find((s) => s.stage === 'parse')?.status).toBe('running');
      // Idempotent: a second pass finds nothing more to end.
      expect(await endAbandonedRuns(deps)).toEqual([]);
    } finally {
      deps.cleanup();
    }
  });

  it('a `distretti run` killed mid-run is ended by the next run, which then does the work', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'distretti-liveness-'));
    try {
      const cli = spawnCli(
        ['run', '--entity', 'biomedicale-mirandola'],
        workerEnv({ databaseUrl: schemaUrl(TEST_DATABASE_URL, t.schema), redisUrl: TEST_REDIS_URL, prefix: uniquePrefix(), publisherUrl: publisher.url, dataDir }),
      );
      // Killed while releases are being worked on: no handler, no finally, nothing recorded.
      const startedLine = await cli.waitFor((l) => l.msg === 'run started', 120_000, 'the run to start');
      const killedId = String(startedLine.runId);
      for (let i = 0; i < 600; i++) {
        const fetched = (await stagesOfRun(t.db, killedId)).filter((s) => s.stage === 'fetch' && s.status === 'succeeded');
        if (fetched.length > 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      cli.kill('SIGKILL');
      await cli.exited;
      expect((await runById(t.db, killedId))?.status).toBe('running');

      const deps = await testPipelineDeps(t.db, publisher.url);
      try {
        const next = await runPipeline(deps);
        expect(next.status).toBe('succeeded');
      } finally {
        deps.cleanup();
      }
      const killed = await runById(t.db, killedId);
      expect(killed?.status).not.toBe('running');
      expect(killed?.owner).toBe(`${hostname()}:${cli.pid}`);
      const stages = await stagesOfRun(t.db, killedId);
      expect(stages.some((s) => s.status === 'failed' && s.error_code === 'RUN_ABANDONED')).toBe(true);
      expect(stages.filter((s) => ['queued', 'running', 'retrying'].includes(s.status))).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
