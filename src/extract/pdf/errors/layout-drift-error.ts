import { NotRetryableError, type ErrorContext } from '../../../errors/distretti-error.ts';
import { groupFindings, renderTableReports, type TableReport } from '../drift-report.ts';

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
 * understood, its numbers prove no reading, far fewer entities than before). Nothing from it may be
 * loaded: keep the raw file, quarantine the release, add the new wording to the vocabulary
 * (src/domain/vocabulary) or teach the extractor the new layout, then re-parse the stored bytes.
 * Findings about one cause are grouped; the tables as read travel with the error (`tables`).
 */
export class LayoutDriftError extends NotRetryableError {
  readonly findings: readonly DriftFinding[];
  readonly tables: readonly TableReport[];
  constructor(findings: readonly DriftFinding[], context: ErrorContext = {}, tables: readonly TableReport[] = []) {
    const grouped = groupFindings(findings);
    super(
      'EXTRACT_LAYOUT_DRIFT',
      `the release layout departs from what the extractor knows (${grouped.length} finding${grouped.length === 1 ? '' : 's'}):\n` +
        grouped
          .map((f) => {
            const where = [f.page !== undefined ? `page ${f.page}` : '', f.table ? `table ${f.table}` : '', f.column ? `column "${f.column}"` : '']
              .filter(Boolean)
              .join(', ');
            return `  - ${f.kind}${where ? ` (${where})` : ''}: expected ${f.expected}; found ${f.found}`;
          })
          .join('\n') +
        (tables.length ? `\nTables as read:\n${renderTableReports(tables)}` : '') +
        '\nNothing from this document may be loaded. To read it: add the new heading wording to the vocabulary ' +
        '(src/domain/vocabulary) or the new layout to the extractor (src/extract/pdf), then parse it again ' +
        '(an ingested release: `distretti reparse --release <id>`).',
      {
        // the first finding's place, so logs and quarantine records show where to look first
        ...(grouped[0]?.page !== undefined ? { page: grouped[0].page } : {}),
        ...(grouped[0]?.table ? { table: grouped[0].table } : {}),
        ...(grouped[0]?.column ? { column: grouped[0].column } : {}),
        ...context,
        findings: grouped,
        ...(tables.length ? { tables } : {}),
      },
    );
    this.findings = grouped;
    this.tables = tables;
  }
}
