import { NotRetryableError, type ErrorContext } from '../errors/distretti-error.ts';

/**
 * The brief cannot be built from what the database holds (unknown entity, no loaded
 * release for the quarter, no figure for the entity). Retrying cannot help: load the
 * missing release first, or ask for another entity or quarter.
 */
export class BriefDataError extends NotRetryableError {
  constructor(code: 'REPORT_UNKNOWN_ENTITY' | 'REPORT_NO_DATA' | 'REPORT_BAD_REQUEST', message: string, context: ErrorContext = {}) {
    super(code, message, context);
  }
}
