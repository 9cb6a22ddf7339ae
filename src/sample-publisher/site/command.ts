import type { Logger } from 'pino';
import { createLogger } from '../../log.ts';
import { LISTING_PATH } from './paths.ts';
import { startSamplePublisher, type SamplePublisherOptions } from './start.ts';
import type { Fault } from './faults.ts';

export interface SamplePublisherCommandOptions {
  /** TCP port (the CLI's `--port`). */
  port: number;
  /** The site's clock (the CLI's `--as-of YYYY-MM-DD`); default today. */
  asOf?: string;
  /** robots.txt `Crawl-delay` in seconds (the CLI's `--crawl-delay`). @defaultValue 1 */
  crawlDelaySeconds?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** @defaultValue the application logger */
  log?: Logger;
  /** Stops the site when aborted (tests; the CLI relies on SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Passed through, e.g. a custom catalog in tests. */
  catalog?: SamplePublisherOptions['catalog'];
  render?: SamplePublisherOptions['render'];
  /** A fault switched on from the start (the CLI's `--fault`). */
  fault?: Fault;
  /** Called once the site listens, with its base URL. */
  onListening?: (url: string) => void;
}

/**
 * `distretti sample-publisher --port 8080 [--as-of YYYY-MM-DD]`: starts the site, logs where
 * it listens, and resolves once it has shut down after SIGINT/SIGTERM (or `signal` aborts).
 */
export async function runSamplePublisherCommand(opts: SamplePublisherCommandOptions): Promise<void> {
  const log = opts.log ?? createLogger();
  const site = await startSamplePublisher({
    port: opts.port,
    ...(opts.host !== undefined && { host: opts.host }),
    ...(opts.asOf !== undefined && { asOf: opts.asOf }),
    ...(opts.crawlDelaySeconds !== undefined && { crawlDelaySeconds: opts.crawlDelaySeconds }),
    ...(opts.catalog !== undefined && { catalog: opts.catalog }),
    ...(opts.render !== undefined && { render: opts.render }),
    log,
  });
  if (opts.fault) site.setFault(opts.fault);
  log.info({ listing: `${site.url}${LISTING_PATH}`, asOf: site.asOf(), fault: opts.fault ?? null }, `sample publisher at ${site.url}`);
  opts.onListening?.(site.url);

  await new Promise<void>((resolve) => {
    const stop = (reason: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      opts.signal?.removeEventListener('abort', onAbort);
      log.info({ reason }, 'sample publisher stopping');
      resolve();
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    const onAbort = (): void => stop('abort');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    if (opts.signal?.aborted) stop('abort');
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
  await site.close();
  log.info('sample publisher stopped');
}
