import { NotRetryableError, type ErrorContext } from '../../../errors/distretti-error.ts';

/** One departure from the known layout: what was expected and what the document has instead. */
export interface DriftFinding {
  /** Short stable kind, e.g. 'table-missing', 'column-not-understood', 'entity-count'. */
  readonly kind: string;
  readonly expected: string;
  readonly found: string;
  readonly page?: number;
  readonly table?: string;
  readonly column?: string;
}

/**
 * A release no longer looks like the releases we know (a table is missing, a column heading is not
 * understood, far fewer entities than before). Nothing from it may be loaded: keep the raw file,
 * quarantine the release, teach the extractor the new layout, then re-parse from the stored bytes.
 */
export class LayoutDriftError extends NotRetryableError {
  constructor(
    readonly findings: readonly DriftFinding[],
    context: ErrorContext = {},
  ) {
    super(
      'EXTRACT_LAYOUT_DRIFT',
      `the release layout departs from what the extractor knows (${findings.length} finding${findings.length === 1 ? '' : 's'}):\n` +
        findings
          .map((f) => {
            const where = [f.page !== undefined ? `page ${f.page}` : '', f.table ? `table ${f.table}` : '', f.column ? `column "${f.column}"` : '']
              .filter(Boolean)
              .join(', ');
            return `  - ${f.kind}${where ? ` (${where})` : ''}: expected ${f.expected}; found ${f.found}`;
          })
          .join('\n') +
        '\nUpdate the extractor (src/extract/pdf) for the new layout, then parse the document again.',
      {
        // the first finding's place, so logs and quarantine records show where to look first
        ...(findings[0]?.page !== undefined ? { page: findings[0].page } : {}),
        ...(findings[0]?.table ? { table: findings[0].table } : {}),
        ...(findings[0]?.column ? { column: findings[0].column } : {}),
        ...context,
        findings,
      },
    );
  }
}
