import { NotRetryableError, type ErrorContext } from '../../errors/index.ts';

/**
 * The renderer was asked for something it cannot draw (unknown layout id, malformed release
 * info). Retrying cannot help: fix the catalog entry named in the context.
 */
export class SamplePdfRenderError extends NotRetryableError {
  constructor(code: 'SAMPLE_PDF_UNKNOWN_LAYOUT' | 'SAMPLE_PDF_BAD_RELEASE', message: string, context: ErrorContext) {
    super(code, message, context);
  }
}
