import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../extract/http-local-server.ts';
import { createPoliteClient } from '../../src/extract/http/index.ts';
import { discoverReleases } from '../../src/extract/discover.ts';
import { getAdapter } from '../../src/extract/adapters/index.ts';
import { runCancellable } from '../../src/lib/cancellation.ts';
import { silentLogger } from '../../src/log.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';

const codeOf = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code ?? String(e));

/**
 * Issue 10: SIGTERM during discovery took 31 s at the default request rate, because nothing
 * below the worker could be told to stop. A cancelled job's HTTP waits and requests end at once.
 */
describe('cancellation of HTTP and discovery (real local servers)', () => {
  let server: LocalServer;
  let publisher: SamplePublisher;
  beforeAll(async () => {
    server = await startLocalServer();
    server.route('/robots.txt', (_req, res) => res.writeHead(404).end());
    server.route('/page', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'));
    // Answers after 20 s: only an abort ends the exchange sooner.
    server.route('/slow', (_req, res) => void setTimeout(() => res.writeHead(200).end('late'), 20_000).unref());
    publisher = await startSamplePublisher({ port: 0, asOf: '2019-01-31' });
  });
  afterAll(async () => {
    await server?.close();
    await publisher?.close();
  });

  const client = (ratePerSecond: number) =>
    createPoliteClient({
      userAgent: 'distretti-tests/0 (+mailto:tests@example.org)',
      ratePerSecond,
      timeoutMs: 30_000,
      retries: 2,
      maxBytes: 1024 * 1024,
      allowedHosts: [server.host],
      log: silentLogger(),
    });

  it('a wait for the next rate slot ends with JOB_CANCELLED when the job is cancelled', async () => {
    const http = client(0.1); // one request per 10 s
    const ac = new AbortController();
    const started = Date.now();
    const run = runCancellable(ac.signal, async () => {
      await http.get(`${server.origin}/page`, { expect: 'html' });
      await http.get(`${server.origin}/page`, { expect: 'html' }); // after robots.txt: waits ~10 s for its slot
    });
    setTimeout(() => ac.abort('worker shutting down'), 300);
    expect(await codeOf(run)).toBe('JOB_CANCELLED');
    expect(Date.now() - started).toBeLessThan(5000);
    // robots.txt went out; the page waiting for its slot never did.
    expect(server.requests.map((r) => r.path)).toEqual(['/robots.txt']);
  });

  it('a request in flight is aborted', async () => {
    const http = client(10);
    const ac = new AbortController();
    const started = Date.now();
    const run = runCancellable(ac.signal, () => http.get(`${server.origin}/slow`));
    setTimeout(() => ac.abort(), 500);
    expect(await codeOf(run)).toBe('JOB_CANCELLED');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('discovery stops between listing pages', async () => {
    const adapter = getAdapter('sample', { baseUrl: publisher.url });
    const http = createPoliteClient({
      userAgent: 'distretti-tests/0 (+mailto:tests@example.org)',
      ratePerSecond: 0.5,
      timeoutMs: 30_000,
      retries: 0,
      maxBytes: 20 * 1024 * 1024,
      allowedHosts: adapter.allowedHosts,
      log: silentLogger(),
    });
    const ac = new AbortController();
    ac.abort('worker shutting down');
    expect(await codeOf(runCancellable(ac.signal, () => discoverReleases({ adapter, client: http, log: silentLogger() })))).toBe('JOB_CANCELLED');
    expect(publisher.requests()).toHaveLength(0);
  });

  it('outside a job nothing is cancelled', async () => {
    const http = client(10);
    const res = await http.get(`${server.origin}/page`, { expect: 'html' });
    expect(res.status).toBe(200);
  });
});
