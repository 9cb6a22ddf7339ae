import PDFDocument from 'pdfkit';
import type { SampleCatalog, SampleReleaseInfo } from '../../src/sample-publisher/types.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { createPoliteClient, type PoliteClient } from '../../src/extract/http/polite-client.ts';
import { silentLogger } from '../../src/log.ts';

const MONTHS = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'];

/**
 * A small catalog of Emilia-Romagna releases (Q1 → June, Q2 → October, Q3 → January,
 * Q4 → April, as publisher.md describes), so these tests do not depend on the full dataset.
 */
export function testCatalog(): SampleCatalog {
  const releases: SampleReleaseInfo[] = [];
  const plan: [number, 1 | 2 | 3 | 4, number, number, string][] = [
    [2022, 3, 2023, 1, '2023-01-25'],
    [2022, 4, 2023, 4, '2023-04-20'],
    [2023, 1, 2023, 6, '2023-06-28'],
    [2023, 2, 2023, 10, '2023-10-19'],
    [2023, 3, 2024, 1, '2024-01-24'],
    [2023, 4, 2024, 4, '2024-04-18'],
    [2024, 1, 2024, 6, '2024-06-27'],
    [2024, 2, 2024, 10, '2024-10-22'],
    [2024, 3, 2025, 1, '2025-01-23'],
    [2024, 4, 2025, 4, '2025-04-17'],
    [2025, 1, 2025, 6, '2025-06-26'],
  ];
  for (const [refYear, refQuarter, coverYear, coverMonth, publishedOn] of plan) {
    releases.push({
      id: `er-${refYear}Q${refQuarter}`,
      series: 'monitor-distretti-emilia-romagna',
      region: 'emilia-romagna',
      refYear,
      refQuarter,
      coverYear,
      coverMonth,
      publishedOn,
      dataCutoff: publishedOn,
      noteNumber: `n. ${4 * refYear + refQuarter - 8033}`,
      department: 'Research Department',
      author: 'Test',
      title: "Monitor dei Distretti dell'Emilia-Romagna",
      fileName: `Monitor dei Distretti Emilia-Romagna ${MONTHS[coverMonth - 1]} ${coverYear}.pdf`,
      layout: 'test',
    });
  }
  return {
    releases: () => releases,
    release: (id) => releases.find((r) => r.id === id),
    figures: () => [],
  };
}

/** A real (pdfkit) one-page PDF naming the release, so every release has distinct bytes. */
export function renderTestPdf(info: SampleReleaseInfo, _figures: unknown, opts: { variant: string }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(Date.UTC(2025, 0, 1)) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text(`${info.title} – ${info.coverMonth}/${info.coverYear} (${opts.variant})`);
    doc.end();
  });
}

export function startTestPublisher(asOf: string): Promise<SamplePublisher> {
  return startSamplePublisher({ port: 0, asOf, catalog: testCatalog(), render: renderTestPdf });
}

/** Virtual time: sleep() returns at once and moves the clock, so Crawl-delay and Retry-After cost nothing. */
export function virtualTime() {
  let t = Date.UTC(2025, 6, 1);
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

export function clientFor(site: SamplePublisher, time = virtualTime(), over: Partial<Parameters<typeof createPoliteClient>[0]> = {}): PoliteClient {
  return createPoliteClient({
    userAgent: 'distretti-test/0.1 (+mailto:ops@example.org)',
    ratePerSecond: 2,
    timeoutMs: 5000,
    retries: 3,
    maxBytes: 20_000_000,
    allowedHosts: [new URL(site.url).host],
    log: silentLogger(),
    sleep: time.sleep,
    now: time.now,
    ...over,
  });
}
