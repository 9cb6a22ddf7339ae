import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startWebFixture, type WebFixture } from './web-fixture.ts';
import { startTestQueue, type TestQueue } from '../helpers/queue.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { createBriefRequester } from '../../src/web/brief-requests.ts';
import { createOperatorActions } from '../../src/web/operator-actions.ts';
import { createRedisConnection } from '../../src/jobs/connection.ts';
import { registeredRoutes } from '../../src/web/server.ts';
import { silentLogger } from '../../src/log.ts';
import { TEST_REDIS_URL } from '../helpers/redis.ts';
import type { Redis } from 'ioredis';

/** With Redis: briefs on request and re-parses go to a real BullMQ worker; Bull Board is for operators. */
let w: WebFixture;
let q: TestQueue;
let redis: Redis;
let cleanup: () => void;

beforeAll(async () => {
  redis = createRedisConnection(TEST_REDIS_URL);
  w = await startWebFixture(async (db) => {
    const deps = await testPipelineDeps(db, 'http://127.0.0.1:9');
    cleanup = deps.cleanup;
    q = await startTestQueue(deps, { concurrency: 1 });
    return {
      briefs: createBriefRequester({ db, log: silentLogger(), codeVersion: 'test', enqueuer: q.enqueuer }),
      operator: createOperatorActions({ enqueuer: q.enqueuer }),
      queue: q.enqueuer.queue,
      redis,
    };
  });
}, 90_000);
afterAll(async () => {
  await w?.close();
  await q?.close();
  redis?.disconnect();
  cleanup?.();
});

describe('web with a worker queue', () => {
  it('renders a requested brief in a worker job and reports queued → ready with the download', async () => {
    const res = await w.app.inject({ method: 'POST', url: '/api/briefs', headers: bearer(w.tokens.analyst), payload: { entity: 'ict-bologna-modena', period: '2025Q1', language: 'it' } });
    expect(res.statusCode).toBe(202);
    const { id, statusUrl } = res.json() as { id: string; statusUrl: string };
    expect(id).toMatch(/^q-\d+$/);
    const job = await q.enqueuer.queue.getJob(id.slice(2));
    expect(job?.name).toBe('render-brief');
    expect(job?.data).toMatchObject({ entitySlug: 'ict-bologna-modena', year: 2025, quarter: 1, lang: 'it' });
    await job!.waitUntilFinished(q.events, 60_000);
    const state = (await w.app.inject({ url: statusUrl, headers: bearer(w.tokens.analyst) })).json() as { state: string; briefId: number; pdf: string };
    expect(state).toMatchObject({ state: 'ready', pdf: `/briefs/${state.briefId}.pdf` });
    const pdf = await w.app.inject({ url: state.pdf, headers: bearer(w.tokens.analyst) });
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="brief-ict-bologna-modena-2025Q1-it.pdf"');
    // Asking again is served at once from the stored brief.
    const again = await w.app.inject({ method: 'POST', url: '/api/briefs', headers: bearer(w.tokens.analyst), payload: { entity: 'ict-bologna-modena', period: '2025Q1', language: 'it' } });
    expect(again.json()).toMatchObject({ state: 'ready', briefId: state.briefId });
  });

  it('reports a failed job with its code', async () => {
    // A render job whose input the worker cannot serve (as if the data vanished after the request).
    const jobId = await q.enqueuer.add('render-brief', { requestId: 'web-x', entitySlug: 'no-such-entity', year: 2025, quarter: 1, lang: 'it' });
    await (await q.enqueuer.queue.getJob(jobId))!.waitUntilFinished(q.events, 60_000).catch(() => undefined);
    const state = (await w.app.inject({ url: `/api/briefs/requests/q-${jobId}`, headers: bearer(w.tokens.analyst) })).json();
    expect(state).toMatchObject({ id: `q-${jobId}`, state: 'failed', code: 'REPORT_UNKNOWN_ENTITY' });
    const page = await w.app.inject({ url: `/briefs/requests/q-${jobId}`, headers: bearer(w.tokens.analyst) });
    expect(page.body).toContain('REPORT_UNKNOWN_ENTITY');
    expect((await w.app.inject({ url: '/api/briefs/requests/q-999999', headers: bearer(w.tokens.analyst) })).statusCode).toBe(404);
  });

  it('queues a re-parse job from the operators\' page', async () => {
    const r = await w.app.inject({ method: 'POST', url: `/admin/releases/${w.quarantinedId}/reparse`, headers: bearer(w.tokens.analyst) });
    expect(r.statusCode).toBe(403);
    const { app } = w;
    const login = await app.inject({ url: '/admin/releases', headers: bearer(w.tokens.operator) });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!;
    const c = login.cookies.find((x) => x.name === '_csrf')!;
    const post = await app.inject({
      method: 'POST',
      url: `/admin/releases/${w.quarantinedId}/reparse`,
      headers: { ...bearer(w.tokens.operator), cookie: `_csrf=${c.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrf)}`,
    });
    expect(post.statusCode).toBe(303);
    const jobId = /job (\d+)/.exec(decodeURIComponent(String(post.headers.location)))![1]!;
    const job = await q.enqueuer.queue.getJob(jobId);
    expect(job).toMatchObject({ name: 'reparse-release', data: { releaseId: w.quarantinedId } });
  });

  it('serves Bull Board to operators only', async () => {
    const board = registeredRoutes(w.app).filter((r) => r.includes('/admin/queues'));
    expect(board.length).toBeGreaterThan(3);
    for (const url of ['/admin/queues', '/admin/queues/api/queues']) {
      expect((await w.app.inject({ url })).statusCode, url).toBe(302);
      expect((await w.app.inject({ url, headers: bearer(w.tokens.analyst) })).statusCode, url).toBe(403);
      expect((await w.app.inject({ url, headers: bearer(w.tokens.metrics) })).statusCode, url).toBe(403);
      const ok = await w.app.inject({ url, headers: bearer(w.tokens.operator) });
      expect(ok.statusCode, url).toBe(200);
    }
    const api = await w.app.inject({ url: '/admin/queues/api/queues', headers: bearer(w.tokens.operator) });
    expect(JSON.stringify(api.json())).toContain('pipeline');
  });

  it('counts jobs by queue and state in /metrics and probes Redis in /healthz', async () => {
    const m = await w.app.inject({ url: '/metrics', headers: bearer(w.tokens.operator) });
    expect(m.body).toMatch(/^distretti_jobs\{queue="pipeline",state="completed"\} [1-9]\d*$/m);
    expect((await w.app.inject({ url: '/healthz' })).json()).toMatchObject({ status: 'ok', redis: { ok: true } });
  });
});
