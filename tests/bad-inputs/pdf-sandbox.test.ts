import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { LayoutDriftError, PdfTooComplexError } from '../../src/extract/pdf/errors/index.ts';
import { createPdfSandbox, pdfLimitsFrom, type PdfParser } from '../../src/extract/pdf-sandbox/index.ts';
import { bombPdf, miniPdf, textPage } from './mini-pdf.ts';

const OPTS = { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' };
const defaults = pdfLimitsFrom(loadConfig({}));
const lines = (n: number) => Array.from({ length: n }, (_, i) => `riga ${i}`);

describe('the PDF sandbox enforces each limit and survives it', () => {
  let pdf: PdfParser | undefined;
  afterEach(async () => {
    await pdf?.close();
  });

  it('stops at the text item limit (DISTRETTI_PDF_MAX_TEXT_ITEMS) and keeps the caller’s bytes', async () => {
    pdf = createPdfSandbox({ ...defaults, maxTextItems: 100 });
    const bytes = new Uint8Array(miniPdf([textPage(lines(40)), textPage(lines(40)), textPage(lines(40))]));
    const err = await pdf.extract(bytes, OPTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfTooComplexError);
    expect((err as PdfTooComplexError).code).toBe('EXTRACT_PDF_TOO_COMPLEX');
    expect((err as PdfTooComplexError).context).toMatchObject({ limit: 'DISTRETTI_PDF_MAX_TEXT_ITEMS', page: 3 });
    expect(bytes.byteLength).toBeGreaterThan(0); // not detached by the transfer
  });

  it('terminates a parse past DISTRETTI_PDF_TIMEOUT_MS, then parses the next document in a new thread', async () => {
    pdf = createPdfSandbox({ ...defaults, timeoutMs: 1, maxPages: 100_000 });
    const slow = new Uint8Array(miniPdf(Array.from({ length: 2000 }, () => textPage(lines(5)))));
    const err = await pdf.extract(slow, OPTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfTooComplexError);
    expect((err as PdfTooComplexError).context.limit).toBe('DISTRETTI_PDF_TIMEOUT_MS');
    await pdf.close();
    pdf = createPdfSandbox(defaults);
    const next = await pdf.extract(new Uint8Array(miniPdf([textPage(lines(3))])), OPTS).catch((e: unknown) => e);
    // the worker answers again: a typed extractor error (no tables), rebuilt as its own class
    expect(next).toBeInstanceOf(LayoutDriftError);
    expect((next as LayoutDriftError).findings.length).toBeGreaterThan(0);
  });

  it('parses queued documents one after another in one reused thread', async () => {
    pdf = createPdfSandbox(defaults);
    const doc = new Uint8Array(miniPdf([textPage(lines(3))]));
    const results = await Promise.all([1, 2, 3].map(() => pdf!.extract(doc, OPTS).catch((e: unknown) => e)));
    for (const r of results) expect(r).toBeInstanceOf(LayoutDriftError);
  });

  it('a parse past DISTRETTI_PDF_MAX_HEAP_MB ends typed when the decoded-bytes scan is out of the way', async () => {
    // the second line of defence: V8's heap ceiling on the worker thread (resourceLimits)
    pdf = createPdfSandbox({ ...defaults, maxDecodedBytes: 2 ** 40, maxHeapMb: 96, maxMemoryMb: 100_000, timeoutMs: 120_000 });
    const err = await pdf.extract(new Uint8Array(await bombPdf(100)), OPTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfTooComplexError);
    expect((err as PdfTooComplexError).context.limit).toBe('DISTRETTI_PDF_MAX_HEAP_MB');
  }, 150_000);

  it('a worker thread that cannot start is a typed configuration error, not a crash', async () => {
    pdf = createPdfSandbox({ ...defaults, maxHeapMb: 8 });
    const err = await pdf.extract(new Uint8Array(miniPdf([textPage(lines(1))])), OPTS).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EXTRACT_PDF_WORKER_START', disposition: 'fatal' });
  }, 60_000);
});
