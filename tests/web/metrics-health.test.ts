import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { bearer, startWebFixture, type WebFixture } from './web-fixture.ts';
import { buildWebServer } from '../../src/web/server.ts';
import { createBriefRequester } from '../../src/web/brief-requests.ts';
import { createOperatorActions } from '../../src/web/operator-actions.ts';
import { silentLogger } from '../../src/log.ts';
import { finishRunRow, insertRun, writeStage } from '../../db/queries/runs.ts';

let w: WebFixture;
beforeAll(async () => {
  w = await startWebFixture();
  const at = (s: number) => new Date(Date.parse('2025-12-01T07:00:00Z') + s * 1000);
  // An older successful run (its parse took longer) and a later failed one: neither is "the latest successful".
  const older = await insertRun(w.t.db, { kind: 'run', trigger: 'schedule', parameters: {}, codeVersion: 'test', startedAt: at(-86_400) });
  await writeStage(w.t.db, { runId: older, stage: 'parse', subject: 'r/1', status: 'succeeded', startedAt: at(-86_390), finishedAt: at(-86_380) });
  await finishRunRow(w.t.db, { id: older, status: 'succeeded', finishedAt: at(-86_300) });
  const runId = await insertRun(w.t.db, { kind: 'run', trigger: 'manual', parameters: {}, codeVersion: 'test', startedAt: at(0) });
  await writeStage(w.t.db, { runId, stage: 'parse', subject: 'r/1', status: 'succeeded', startedAt: at(1), finishedAt: at(2.5) });
  await writeStage(w.t.db, { runId, stage: 'parse', subject: 'r/2', status: 'succeeded', startedAt: at(3), finishedAt: at(5.5) });
  await writeStage(w.t.db, { runId, stage: 'parse', subject: 'r/3', status: 'skipped', finishedAt: at(6) });
  await writeStage(w.t.db, { runId, stage: 'load', subject: 'r/1', status: 'succeeded', startedAt: at(6), finishedAt: at(6.25) });
  await finishRunRow(w.t.db, { id: runId, status: 'succeeded', finishedAt: at(42) });
  const failed = await insertRun(w.t.db, { kind: 'run', trigger: 'manual', parameters: {}, codeVersion: 'test', startedAt: at(100) });
  await writeStage(w.t.db, { runId: failed, stage: 'parse', subject: 'r/1', status: 'succeeded', startedAt: at(101), finishedAt: at(200) });
  await finishRunRow(w.t.db, { id: failed, status: 'failed', finishedAt: at(300) });
}, 60_000);
afterAll(async () => {
  await w?.close();
});

describe('/metrics', () => {
  it('is Prometheus text format with releases, late notes, briefs, runs and series', async () => {
    const r = await w.app.inject({ url: '/metrics', headers: bearer(w.tokens.metrics) });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusTextFormat(r.body);
    const byName = new Map(families.map((f) => [f.name, f]));
    const value = (name: string, labels: Record<string, string>) =>
      byName.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
    expect(value('distretti_releases', { status: 'loaded' })).toBe('2');
    expect(value('distretti_releases', { status: 'quarantined' })).toBe('1');
    expect(value('distretti_briefs_rendered', { lang: 'it' })).toBe('1');
    expect(value('distretti_briefs_rendered', { lang: 'en' })).toBe('1');
    expect(value('distretti_run_last_duration_seconds', { kind: 'run' })).toBe('42');
    expect(value('distretti_run_last_success_timestamp_seconds', { kind: 'run' })).toBe(String(Date.parse('2025-12-01T07:00:42Z') / 1000));
    // Per stage, from the latest successful run: two parses of 1.5 s and 2.5 s; one load of 0.25 s.
    expect(value('distretti_stage_last_run_seconds', { stage: 'parse' })).toBe('4');
    expect(value('distretti_stage_last_run_count', { stage: 'parse' })).toBe('2');
    expect(value('distretti_stage_last_run_seconds', { stage: 'load' })).toBe('0.25');
    expect(Number(value('distretti_series_last_loaded_timestamp_seconds', { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' }))).toBeGreaterThan(0);
    // Clock at 2026-01-01: after n. 69 (2025Q1) the 2025Q2 note was due by November 2025.
    expect(value('distretti_releases_late', { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' })).toBe('1');
    for (const f of families) expect(f.type, f.name).toBe('GAUGE');
  });

  it('needs an operator or a metrics token', async () => {
    expect((await w.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await w.app.inject({ url: '/metrics', headers: bearer(w.tokens.analyst) })).statusCode).toBe(403);
    expect((await w.app.inject({ url: '/metrics', headers: bearer(w.tokens.operator) })).statusCode).toBe(200);
  });
});

describe('/healthz', () => {
  let redis: Redis | undefined;
  let blackhole: Server | undefined;
  const sockets = new Set<Socket>();
  afterAll(async () => {
    redis?.disconnect();
    for (const s of sockets) s.destroy();
    if (blackhole) await new Promise((r) => blackhole!.close(r));
  });

  it('probes the database (and says Redis is not configured), without credentials', async () => {
    const r = await w.app.inject({ url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', database: { ok: true }, redis: { ok: true, skipped: expect.stringContaining('REDIS_URL') } });
  });

  it('really probes Redis: 200 with a live one, 503 when it does not answer, and names no host or secret', async () => {
    redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1, lazyConnect: true });
    const build = (r: Redis) =>
      buildWebServer({ db: w.t.db, log: silentLogger(), briefs: createBriefRequester({ db: w.t.db, log: silentLogger(), codeVersion: 'test' }), operator: createOperatorActions({}), redis: r });
    const up = await build(redis);
    expect((await up.inject({ url: '/healthz' })).json()).toMatchObject({ status: 'ok', redis: { ok: true } });
    await up.close();

    // A TCP server that accepts and never answers: a hung Redis.
    blackhole = createServer((s) => void sockets.add(s));
    await new Promise<void>((r) => blackhole!.listen(0, '127.0.0.1', r));
    const port = (blackhole.address() as { port: number }).port;
    const hung = new Redis(`redis://:s3cret@127.0.0.1:${port}`, { maxRetriesPerRequest: 0, lazyConnect: true, enableOfflineQueue: true, connectTimeout: 500 });
    const down = await build(hung);
    const r = await down.inject({ url: '/healthz' });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toMatchObject({ status: 'unavailable', database: { ok: true }, redis: { ok: false } });
    expect(r.body).not.toMatch(/s3cret|127\.0\.0\.1|6379|\d{4,5}/);
    await down.close();
    hung.disconnect();
  });
});
