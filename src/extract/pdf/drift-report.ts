import { periodCode } from '../../domain/period.ts';
import type { DriftFinding } from './errors/layout-drift-error.ts';
import type { ColumnMeaning } from './meaning/types.ts';

/**
 * What an operator needs to decide, in minutes, which wording to add to the vocabulary
 * (src/domain/vocabulary): each table as the extractor read it — caption, every column's heading
 * texts, the meaning it took and from what evidence — and its first rows.
 */

/** One table as read, plain data (it travels in the error's context, across worker threads). */
export interface TableReport {
  readonly page: number;
  readonly table: string;
  readonly caption: string;
  readonly columns: readonly {
    readonly label: string;
    /** "exports_meur 2025Q1", "ignored: …" or "not understood: …". */
    readonly reading: string;
    readonly evidence: readonly string[];
  }[];
  /** The first rows: label and cells as printed. */
  readonly rows: readonly { readonly label: string; readonly cells: readonly string[] }[];
  /** Readings of the headings tried, and how many the numbers and dates admitted. */
  readonly tried: number;
  readonly held: number;
}

export const REPORT_ROWS = 3;

/** One column's line in the report; `checks` are the table's arithmetic checks it took part in. */
export function columnReport(m: ColumnMeaning, checks: { passed: number; failed: number } = { passed: 0, failed: 0 }): TableReport['columns'][number] {
  if (m.status === 'read') {
    const proof = checks.passed + checks.failed > 0 ? [`numbers: ${checks.passed} check(s) hold, ${checks.failed} fail`] : [];
    return {
      label: m.label,
      reading: `${m.metric} ${periodCode(m.period)}`,
      evidence: [...m.evidence, ...m.inferred.map((i) => `inferred: ${i}`), ...proof],
    };
  }
  return { label: m.label, reading: m.status === 'ignored' ? `ignored: ${m.why}` : `not understood: ${m.why}`, evidence: [] };
}

/** Renders table reports for a terminal, one block per table. */
export function renderTableReports(tables: readonly TableReport[]): string {
  return tables
    .map((t) => {
      const cols = t.columns.map((c, i) => {
        const ev = c.evidence.length ? `\n        evidence: ${c.evidence.join('; ')}` : '';
        return `    #${i + 1} "${c.label || '(no heading)'}" → ${c.reading}${ev}`;
      });
      const rows = t.rows.map((r) => `    ${r.label.padEnd(40).slice(0, 40)} ${r.cells.map((c) => c.padStart(9)).join(' ')}`);
      return [
        `  page ${t.page}, table ${t.table}: "${t.caption || '(no caption)'}" — ${t.tried} reading(s) tried, ${t.held} held`,
        ...cols,
        '    first rows:',
        ...rows,
      ].join('\n');
    })
    .join('\n');
}

/** A finding's text never runs longer than this: the report shows the table itself. */
const MAX_FOUND = 240;

/**
 * Findings about one cause, grouped: the same kind in the same table is one finding naming every
 * column it concerns (issue 12: a garbage table produced 24 near-duplicate findings of ~600
 * characters each).
 */
export function groupFindings(findings: readonly DriftFinding[]): DriftFinding[] {
  const groups = new Map<string, DriftFinding[]>();
  for (const f of findings) {
    const key = `${f.kind}|${f.table ?? ''}|${f.page ?? ''}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()].map((g) => {
    const first = g[0] as DriftFinding;
    const clip = (s: string): string => (s.length > MAX_FOUND ? `${s.slice(0, MAX_FOUND - 1)}…` : s);
    if (g.length === 1) return { ...first, found: clip(first.found) };
    const columns = [...new Set(g.map((f) => f.column).filter((c): c is string => !!c))];
    return {
      ...first,
      ...(columns[0] !== undefined ? { column: columns[0] } : {}),
      found: clip(`${g.length} alike${columns.length > 1 ? ` in columns ${columns.map((c) => `"${c}"`).join(', ')}` : ''}; first: ${first.found}`),
    };
  });
}
