import { NotRetryableError, type ErrorContext } from '../../../errors/distretti-error.ts';

/**
 * The bytes are not a readable PDF (truncated, HTML, encrypted, corrupt). Refetching the same
 * URL will not help by itself: keep the raw file, quarantine the release and have a person look.
 */
export class PdfUnreadableError extends NotRetryableError {
  constructor(reason: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(
      'EXTRACT_PDF_UNREADABLE',
      `the document is not a readable PDF (${reason}). Check what the publisher served (an HTML page, a ` +
        'truncated download, an encrypted file) and fetch the release again once it is fixed.',
      context,
      options,
    );
  }
}
