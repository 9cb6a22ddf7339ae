import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCliContext } from '../../src/cli/context.ts';
import { runInProcess, SAMPLE_RUN_CRAWL_DELAY_SECONDS } from '../../src/cli/commands/run.ts';
import { LISTING_PATH, ROBOTS_PATH, type RequestRecord, type SamplePublisher } from '../../src/sample-publisher/index.ts';

/**
 * Issue 13 made `run --sample` fast by having the bundled publisher declare a short Crawl-delay
 * and by revalidating listing pages; this checks it is still a polite crawler while doing so.
 * It drives the same function as `distretti run --sample` (embedded database, as the README's
 * first command), on the notes up to 2019-01 to stay quick.
 */
/**
 * The client spaces request *starts* by the Crawl-delay; the site sees arrivals, which lag the
 * starts by a varying latency (a new connection, a busy event loop). So any two requests i < j
 * must be at least (j − i) delays apart, less at most one latency spread `jitterMs`. A client
 * pacing itself at its own rate (20/s, 50 ms) instead of the Crawl-delay fails this over a few
 * requests; a loaded machine only stretches the gaps.
 */
function expectSpacedBy(requests: readonly RequestRecord[], delayMs: number, jitterMs = 250): void {
  for (let i = 0; i < requests.length; i++) {
    for (let j = i + 1; j < requests.length; j++) {
      const span = requests[j]!.time - requests[i]!.time;
      expect(span, `${requests[i]!.path} → ${requests[j]!.path}`).toBeGreaterThanOrEqual((j - i) * delayMs - jitterMs);
    }
  }
}

describe('run --sample stays polite', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'distretti-polite-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Longer than `run --sample`'s own 0.1 s so that the client's own rate (20/s) or the time a
  // run spends parsing between requests could not pass for it: this test must fail if the
  // declared Crawl-delay stopped pacing the run (checked by disabling it in host-scheduler.ts).
  const CRAWL_DELAY_S = 0.4;

  async function sampleRun(): Promise<readonly RequestRecord[]> {
    const ctx = createCliContext({ DISTRETTI_DATA_DIR: join(dir, 'var'), LOG_LEVEL: 'silent' });
    let site: SamplePublisher | undefined;
    const opts = { sample: true, asOf: '2019-01-31', entitySlug: 'biomedicale-mirandola', fullWalk: false, crawlDelaySeconds: CRAWL_DELAY_S, onSamplePublisher: (p: SamplePublisher) => (site = p) };
    const summary = await runInProcess(ctx, opts, {});
    expect(summary.failed).toEqual([]);
    return site!.requests();
  }

  it('declares a short but real Crawl-delay for run --sample', () => {
    expect(SAMPLE_RUN_CRAWL_DELAY_SECONDS).toBeGreaterThan(0);
  });

  it('reads robots.txt first, keeps its Crawl-delay between requests, never asks for a disallowed path, and revalidates the listing on a re-run', async () => {
    const cold = await sampleRun();
    expect(cold[0]?.path).toBe(ROBOTS_PATH);
    // The sample site's robots.txt says `Disallow: /private/`.
    expect(cold.filter((r) => r.path.startsWith('/private/'))).toEqual([]);
    const pdfs = cold.filter((r) => r.path.endsWith('.pdf') && r.status === 200);
    expect(pdfs.length).toBe(3);
    expectSpacedBy(cold, CRAWL_DELAY_S * 1000);

    const again = await sampleRun();
    expect(again[0]?.path).toBe(ROBOTS_PATH);
    const listing = again.filter((r) => r.path.startsWith(LISTING_PATH));
    expect(listing.length).toBeGreaterThan(0);
    for (const r of listing) {
      expect(r.headers['if-none-match'], r.path).toMatch(/^"/);
      expect(r.status, r.path).toBe(304);
    }
    // Nothing new: no document is downloaded again.
    expect(again.filter((r) => r.path.endsWith('.pdf'))).toEqual([]);
    expectSpacedBy(again, CRAWL_DELAY_S * 1000);
  }, 300_000);
});
