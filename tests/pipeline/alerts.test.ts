import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { runPipeline } from '../../src/pipeline/run.ts';
import { createAlertSink } from '../../src/pipeline/alerts.ts';
import { silentLogger } from '../../src/log.ts';
import { sql } from 'kysely';

/** A local webhook receiver: answers `statuses` in turn (then 204) and keeps every JSON body. */
async function startReceiver(statuses: number[] = []): Promise<{ url: string; bodies: unknown[]; hits: () => number; close(): Promise<void> }> {
  const bodies: unknown[] = [];
  let hits = 0;
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server: Server = createServer((req, res) => {
    void read(req).then((text) => {
      const status = statuses[hits++] ?? 204;
      if (status < 300) bodies.push(JSON.parse(text));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/secret-token`, bodies, hits: () => hits, close: () => new Promise((r) => server.close(() => r())) };
}

describe('alerts (real HTTP receiver)', () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  beforeAll(async () => {
    publisher = await startSamplePublisher({ port: 0, asOf: '2019-01-31' });
    t = await createTestDb();
  });
  afterAll(async () => {
    await publisher?.close();
    await t?.close();
  });

  it('a late release raises its webhook alert, retried after the receiver fails once', async () => {
    const receiver = await startReceiver([503]);
    try {
      const deps = await testPipelineDeps(t.db, publisher.url, { now: () => new Date('2019-08-02T08:00:00Z') });
      const alerts = createAlertSink({ log: deps.log, webhookUrl: receiver.url, backoffMs: 20 });
      const run = await runPipeline({ ...deps, alerts });
      deps.cleanup();
      expect(run.late.map((l) => l.refQuarter)).toEqual(['2018Q4']);
      expect(receiver.hits()).toBe(2);
      expect(receiver.bodies).toEqual([
        expect.objectContaining({
          kind: 'release-late',
          runId: run.runId,
          details: expect.objectContaining({ series: 'monitor-distretti-emilia-romagna', refQuarter: '2018Q4', lateSince: '2019-08-01' }),
        }),
      ]);
    } finally {
      await receiver.close();
    }
  }, 180_000);

  it('a note that stays late alerts once per repeat interval, not on every run', async () => {
    await sql`delete from alerts_sent`.execute(t.db);
    const receiver = await startReceiver();
    try {
      const runAt = async (iso: string) => {
        const deps = await testPipelineDeps(t.db, publisher.url, { now: () => new Date(iso) });
        try {
          return await runPipeline({ ...deps, alerts: createAlertSink({ log: deps.log, webhookUrl: receiver.url }), alertRepeatMs: 24 * 3_600_000 });
        } finally {
          deps.cleanup();
        }
      };
      expect((await runAt('2019-08-05T08:00:00Z')).late.map((l) => l.refQuarter)).toEqual(['2018Q4']);
      expect(receiver.hits()).toBe(1);
      // Still late at the next daily polls: recorded in the run, not sent again within 24 h.
      expect((await runAt('2019-08-05T20:00:00Z')).late.map((l) => l.refQuarter)).toEqual(['2018Q4']);
      expect(receiver.hits()).toBe(1);
      await runAt('2019-08-06T08:00:00Z');
      expect(receiver.hits()).toBe(2);
      expect(receiver.bodies).toEqual([
        expect.objectContaining({ key: 'release-late:monitor-distretti-emilia-romagna/emilia-romagna/2018Q4' }),
        expect.objectContaining({ key: 'release-late:monitor-distretti-emilia-romagna/emilia-romagna/2018Q4' }),
      ]);
      const row = await sql<{ times_sent: number; times_suppressed: number }>`select times_sent, times_suppressed from alerts_sent`.execute(t.db);
      expect(row.rows).toEqual([{ times_sent: 2, times_suppressed: 1 }]);
    } finally {
      await receiver.close();
    }
  }, 300_000);

  it('never blocks or fails the run when the receiver is down: bounded attempts, logged', async () => {
    const dead = await startReceiver();
    const url = dead.url;
    await dead.close(); // nothing listens there now
    const lines: string[] = [];
    const log = silentLogger();
    const sink = createAlertSink({
      log: Object.assign(Object.create(log), {
        warn: (_o: unknown, m: string) => lines.push(m),
        error: (_o: unknown, m: string) => lines.push(m),
      }),
      webhookUrl: url,
      attempts: 3,
      backoffMs: 10,
      timeoutMs: 1000,
    });
    await expect(sink.send({ kind: 'release-quarantined', key: 'release-quarantined:x', runId: '1', message: 'x', details: {} })).resolves.toBeUndefined();
    expect(lines.filter((l) => l === 'alert webhook unreachable')).toHaveLength(3);
    expect(lines).toContain('alert not delivered after every attempt');
    expect(lines.join('\n')).not.toContain('secret-token');
  });
});
