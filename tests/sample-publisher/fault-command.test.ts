import { describe, expect, it } from 'vitest';
import { runSamplePublisherCommand } from '../../src/sample-publisher/index.ts';
import { parseFaultArg } from '../../src/sample-publisher/site/fault-arg.ts';
import { silentLogger } from '../../src/log.ts';
import { fixtureCatalog, fixtureRender } from './site-fixtures.ts';

describe('sample-publisher --fault', () => {
  it('starts the site with the fault switched on: 503 with Retry-After 120 on matching paths only', async () => {
    const stop = new AbortController();
    let url = '';
    const listening = new Promise<void>((resolve) => {
      void runSamplePublisherCommand({
        port: 0,
        catalog: fixtureCatalog(),
        render: fixtureRender,
        log: silentLogger(),
        signal: stop.signal,
        fault: parseFaultArg('unavailable:robots'),
        onListening: (u) => {
          url = u;
          resolve();
        },
      });
    });
    await listening;
    try {
      const robots = await fetch(`${url}/robots.txt`);
      await robots.arrayBuffer();
      expect(robots.status).toBe(503);
      expect(robots.headers.get('retry-after')).toBe('120');
      const other = await fetch(`${url}/`);
      await other.arrayBuffer();
      expect(other.status).not.toBe(503);
    } finally {
      stop.abort();
    }
  });
});
