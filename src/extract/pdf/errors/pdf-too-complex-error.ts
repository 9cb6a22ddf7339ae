import { NotRetryableError, type ErrorContext } from '../../../errors/distretti-error.ts';

/**
 * Reading the document would take more than its limits allow (decoded bytes, pages, text items,
 * time, memory): a decompression bomb, or a file that is not a release. Issue 12: a 4.9 KB PDF
 * inflating to 700 MB of text operators took the process down. Retrying cannot help; raise the
 * named DISTRETTI_PDF_* limit only if the file is a genuine release.
 */
export class PdfTooComplexError extends NotRetryableError {
  constructor(
    readonly limit: string,
    reason: string,
    context: ErrorContext = {},
  ) {
    super(
      'EXTRACT_PDF_TOO_COMPLEX',
      `the document exceeds the parse limit ${limit} (${reason}); reading it was stopped. ` +
        `If it is a genuine release, raise ${limit} and parse it again; otherwise it is not a release the extractor can read.`,
      { ...context, limit },
    );
  }
}
