import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { silentLogger } from '../../log.ts';
import { loadSampleCatalog } from '../dataset/index.ts';
import type { SampleCatalog } from '../types.ts';
import { buildArchive } from './documents.ts';
import { SamplePublisherListenError, SamplePublisherOptionsError } from './errors.ts';
import { FaultSwitch, type Fault } from './faults.ts';
import { isIsoDate, todayIso } from './italian-dates.ts';
import { DEFAULT_ER_SERIES_SLUG } from './paths.ts';
import { PdfStore, type FillerRenderer, type ReleaseRenderer } from './pdf-store.ts';
import { createSiteHandler, type RequestRecord } from './server.ts';

export interface SamplePublisherOptions {
  /** TCP port; 0 picks a free one. @defaultValue 0 */
  port?: number;
  /** Interface to bind. @defaultValue '127.0.0.1' */
  host?: string;
  /** The site's clock (ISO date): only documents published on or before it exist. @defaultValue today (UTC) */
  asOf?: string;
  /** Releases and their figures. @defaultValue the repository's sample dataset (`loadSampleCatalog()`) */
  catalog?: SampleCatalog;
  /** Release renderer. @defaultValue the sample PDF renderer (`renderReleasePdf`) */
  render?: ReleaseRenderer;
  /** @defaultValue a silent logger */
  log?: Logger;
  /** Folder slug in PDF URLs for releases whose `series` is not a slug. @defaultValue 'monitor-distretti-emilia-romagna' */
  seriesSlug?: string;
  /**
   * `Crawl-delay` declared in robots.txt, in seconds (fractions allowed). A real publisher's
   * pace; `run --sample` asks for a short one so a first run does not mostly wait.
   * @defaultValue 1
   */
  crawlDelaySeconds?: number;
}

/** A running sample publisher. Always `close()` it. */
export interface SamplePublisher {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** The site's current date (ISO). */
  asOf(): string;
  /** Moves the clock (forwards or backwards); takes effect on the next request. */
  setAsOf(isoDate: string): void;
  /** Switches a fault on (replacing any other), or off with `null`. */
  setFault(f: Fault | null): void;
  /** Requests received so far, oldest first (the most recent 10,000). */
  requests(): readonly RequestRecord[];
  close(): Promise<void>;
}

/** Oldest records are dropped beyond this, so a long-running `sample-publisher` does not grow without bound. */
const MAX_RECORDS = 10_000;

function requireIsoDate(option: string, v: unknown): string {
  if (typeof v !== 'string' || !isIsoDate(v)) throw new SamplePublisherOptionsError(option, v, 'a date written YYYY-MM-DD');
  return v;
}

/** The standalone site's pace: slow enough that a crawler's politeness is visibly exercised. */
export const DEFAULT_CRAWL_DELAY_SECONDS = 1;

function validate(opts: SamplePublisherOptions): { port: number; host: string; asOf: string; seriesSlug: string; crawlDelaySeconds: number } {
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SamplePublisherOptionsError('port', opts.port, 'an integer 0..65535 (0 = any free port)');
  const host = opts.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') throw new SamplePublisherOptionsError('host', opts.host, 'a host name or IP address');
  const asOf = opts.asOf === undefined ? todayIso() : requireIsoDate('asOf', opts.asOf);
  const seriesSlug = opts.seriesSlug ?? DEFAULT_ER_SERIES_SLUG;
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(seriesSlug)) throw new SamplePublisherOptionsError('seriesSlug', seriesSlug, 'a lower-case slug like monitor-distretti-emilia-romagna');
  const crawlDelaySeconds = opts.crawlDelaySeconds ?? DEFAULT_CRAWL_DELAY_SECONDS;
  if (typeof crawlDelaySeconds !== 'number' || !Number.isFinite(crawlDelaySeconds) || crawlDelaySeconds < 0 || crawlDelaySeconds > 3600) {
    throw new SamplePublisherOptionsError('crawlDelaySeconds', opts.crawlDelaySeconds, 'a number of seconds from 0 to 3600 (fractions allowed)');
  }
  return { port, host, asOf, seriesSlug, crawlDelaySeconds };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: unknown): void => reject(new SamplePublisherListenError(host, port, err));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr !== null ? addr.port : port);
    });
  });
}

/**
 * Starts the sample publisher's web site: a paginated research archive mixing the sample
 * monitor's releases with unrelated documents, the disclaimer gate on PDFs, ETag /
 * Last-Modified with 304 answers, robots.txt, a movable clock and switchable faults.
 * Options are validated before anything listens.
 *
 * @example
 * ```ts
 * const site = await startSamplePublisher({ asOf: '2025-07-01' });
 * try {
 *   const page = await fetch(`${site.url}/it/research/ricerche-e-pubblicazioni`);
 *   site.setAsOf('2025-12-31');            // later releases appear
 *   site.setFault({ kind: 'unavailable', retryAfterSeconds: 2, requests: 1 });
 * } finally {
 *   await site.close();
 * }
 * ```
 */
export async function startSamplePublisher(opts: SamplePublisherOptions = {}): Promise<SamplePublisher> {
  const v = validate(opts);
  const log = opts.log ?? silentLogger();
  const catalog = opts.catalog ?? loadSampleCatalog();
  // pdfkit loads at the first PDF asked for: a re-run that only revalidates the listing never pays for it (issue 13).
  const renderRelease: ReleaseRenderer = opts.render ?? (async (info, figures, o) => (await import('../pdf/index.ts')).renderReleasePdf(info, figures, o));
  const renderFillerPdf: FillerRenderer = async (doc) => (await import('./filler-pdf.ts')).renderFillerPdf(doc);

  let asOf = v.asOf;
  const faults = new FaultSwitch();
  const records: { -readonly [K in keyof RequestRecord]: RequestRecord[K] }[] = [];
  const archive = buildArchive(catalog, v.seriesSlug);
  const pdfs = new PdfStore({ catalog, renderRelease, renderFiller: renderFillerPdf });

  const server = createServer(
    createSiteHandler({
      archive,
      pdfs,
      faults,
      log,
      crawlDelaySeconds: v.crawlDelaySeconds,
      asOf: () => asOf,
      record: (r) => {
        const rec = { ...r, status: undefined as number | undefined };
        records.push(rec);
        if (records.length > MAX_RECORDS) records.splice(0, records.length - MAX_RECORDS);
        return (status) => {
          rec.status = status;
        };
      },
    }),
  );
  const port = await listen(server, v.port, v.host);
  const url = `http://${v.host.includes(':') ? `[${v.host}]` : v.host}:${port}`;
  log.info({ url, asOf, documents: archive.visible(asOf).length }, 'sample publisher listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    asOf: () => asOf,
    setAsOf(isoDate) {
      asOf = requireIsoDate('asOf', isoDate);
    },
    setFault(f) {
      faults.set(f);
      log.info({ fault: f }, 'sample publisher fault');
    },
    requests: () => records.map((r) => ({ ...r })),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets and answers held by the `slow` fault would otherwise delay close.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
