/**
 * The sample publisher: an offline replica of the monitor's release archive (issue 2).
 * Callers (the CLI, crawler and pipeline tests) import from here.
 */
export { startSamplePublisher, DEFAULT_CRAWL_DELAY_SECONDS } from './site/start.ts';
export type { SamplePublisher, SamplePublisherOptions } from './site/start.ts';
export { runSamplePublisherCommand } from './site/command.ts';
export type { SamplePublisherCommandOptions } from './site/command.ts';
export type { Fault, FaultKind } from './site/faults.ts';
export { FAULT_KINDS } from './site/faults.ts';
export type { RequestRecord } from './site/server.ts';
export type { ReleaseRenderer } from './site/pdf-store.ts';
export { SamplePublisherListenError, SamplePublisherOptionsError } from './site/errors.ts';
export {
  DISCLAIMER_PATH, FOREIGN_PDF_URL, LISTING_PATH, PDF_PREFIX, ROBOTS_PATH, DEFAULT_ER_SERIES_SLUG,
  encodePath, pdfPath,
} from './site/paths.ts';
export { gateIdFor } from './site/gate.ts';
export { PAGE_SIZE } from './site/listing-page.ts';
export type * from './types.ts';
// The parts the site is built on, for callers that need expectations (the catalog) or bytes.
export { loadSampleCatalog } from './dataset/index.ts';
/** The sample release PDF renderer (pdf/index.ts), loaded on first use: pdfkit is heavy to import. */
export async function renderReleasePdf(...args: Parameters<typeof import('./pdf/index.ts').renderReleasePdf>): Promise<Buffer> {
  return (await import('./pdf/index.ts')).renderReleasePdf(...args);
}
