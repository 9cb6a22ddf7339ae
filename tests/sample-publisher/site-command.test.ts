import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  SamplePublisherListenError, SamplePublisherOptionsError, runSamplePublisherCommand, startSamplePublisher,
} from '../../src/sample-publisher/index.ts';
import { fixtureCatalog, fixtureRender } from './site-fixtures.ts';

const fixtures = { catalog: fixtureCatalog(), render: fixtureRender };

describe('startSamplePublisher options', () => {
  it('rejects bad options before listening', async () => {
    await expect(startSamplePublisher({ ...fixtures, port: 70_000 })).rejects.toBeInstanceOf(SamplePublisherOptionsError);
    await expect(startSamplePublisher({ ...fixtures, asOf: '26/06/2025' })).rejects.toMatchObject({
      code: 'SAMPLE_PUBLISHER_OPTIONS_INVALID',
      context: { option: 'asOf', value: '26/06/2025' },
    });
  });

  it('reports a port already in use as a typed error', async () => {
    const first = await startSamplePublisher(fixtures);
    try {
      await expect(startSamplePublisher({ ...fixtures, port: first.port })).rejects.toBeInstanceOf(SamplePublisherListenError);
    } finally {
      await first.close();
    }
  });

  it('defaults the clock to today and binds 127.0.0.1', async () => {
    const site = await startSamplePublisher(fixtures);
    try {
      expect(site.asOf()).toBe(new Date().toISOString().slice(0, 10));
      expect(site.url).toBe(`http://127.0.0.1:${site.port}`);
      await site.close();
      await site.close(); // idempotent
    } finally {
      await site.close();
    }
  });
});

describe('close', () => {
  it('does not wait for answers held back by the slow fault', async () => {
    const site = await startSamplePublisher(fixtures);
    site.setFault({ kind: 'slow', delayMs: 30_000 });
    const pending = fetch(`${site.url}/robots.txt`).then((r) => r.status, () => 'aborted');
    await expect.poll(() => site.requests().length).toBe(1);
    expect(site.requests()[0]!.status).toBeUndefined();
    const t0 = performance.now();
    await site.close();
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(await pending).toBe('aborted');
  });
});

describe('runSamplePublisherCommand', () => {
  it('starts, logs its URL, serves, and stops when told to', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } }));
    const stop = new AbortController();
    let url = '';
    const done = runSamplePublisherCommand({
      port: 0, asOf: '2025-07-01', log, signal: stop.signal, ...fixtures,
      onListening: (u) => { url = u; },
    });
    await expect.poll(() => url, { timeout: 5000 }).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/it/research/ricerche-e-pubblicazioni`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('datetime="2025-06-26"');
    stop.abort();
    await done;
    expect(lines.some((l) => l.includes(`sample publisher at ${url}`))).toBe(true);
    expect(lines.some((l) => l.includes('sample publisher stopped'))).toBe(true);
    await expect(fetch(`${url}/robots.txt`)).rejects.toThrow();
  });
});
