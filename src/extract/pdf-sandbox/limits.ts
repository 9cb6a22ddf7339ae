import type { Config } from '../../config.ts';

/** What one untrusted PDF may cost to read. Every field is a setting (README "Configuration"). */
export interface PdfLimits {
  /** Total bytes the document's Flate streams may inflate to. */
  readonly maxDecodedBytes: number;
  readonly maxPages: number;
  /** Positioned text runs in the whole document. */
  readonly maxTextItems: number;
  /** Wall time of one parse; the worker thread is terminated past it. */
  readonly timeoutMs: number;
  /** V8 old-generation ceiling of the worker thread (`resourceLimits.maxOldGenerationSizeMb`). */
  readonly maxHeapMb: number;
  /**
   * Growth of the whole process's resident memory allowed during one parse. Catches what the V8
   * heap limit does not see: pdf.js keeps decoded streams in ArrayBuffers outside the heap.
   */
  readonly maxMemoryMb: number;
}

export function pdfLimitsFrom(config: Config): PdfLimits {
  return {
    maxDecodedBytes: config.pdfMaxDecodedBytes,
    maxPages: config.pdfMaxPages,
    maxTextItems: config.pdfMaxTextItems,
    timeoutMs: config.pdfTimeoutMs,
    maxHeapMb: config.pdfMaxHeapMb,
    maxMemoryMb: config.pdfMaxMemoryMb,
  };
}
