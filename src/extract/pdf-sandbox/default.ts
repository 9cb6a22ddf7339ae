import { loadConfig } from '../../config.ts';
import { pdfLimitsFrom } from './limits.ts';
import { createPdfSandbox, type PdfParser } from './sandbox.ts';

let shared: PdfParser | undefined;

/**
 * The process's parser with the default limits, for callers whose dependencies carry none (tests
 * and tools that build `PipelineDeps` by hand): parsing is isolated whoever calls it. Its idle
 * worker thread does not keep the process alive.
 */
export function defaultPdfParser(): PdfParser {
  shared ??= createPdfSandbox(pdfLimitsFrom(loadConfig({})));
  return shared;
}
