import { comparePeriods, periodCode } from '../../../domain/period.ts';
import type { Vocabulary } from '../../../domain/vocabulary/index.ts';
import type { DriftFinding } from '../errors/layout-drift-error.ts';
import type { Chunk } from '../types.ts';
import { checkArithmetic } from './arithmetic.ts';
import type { HeadingAssignment } from './blocks.ts';
import { interpretColumns, type PartialCache } from './interpret.ts';
import { fitsWindow, type ReferenceWindow } from './reference.ts';
import { ignoredColumnsThatAreChanges } from './ignored-columns.ts';
import { uncheckedChanges } from './unchecked-changes.ts';
import { checkSubtotals, confirmsInference, type SubtotalGroup, type SubtotalResult } from './subtotals.ts';
import type { ArithmeticResult, CaptionFacts, ColumnMeaning } from './types.ts';

/**
 * Chooses the reading of a table: among every heading assignment and unit combination the page
 * allows, the one the table's own numbers prove and the release's dates admit. Nothing is guessed:
 * when no reading holds, or two different readings hold equally well, the table is refused with a
 * finding that names the columns and why (issue 9, "Proven by the numbers, never guessed").
 */

export interface TableReading {
  readonly meanings: readonly ColumnMeaning[];
  readonly arithmetic: ArithmeticResult;
  /** Subtotals against their members under this reading (./subtotals.ts); its warnings go with the release. */
  readonly sums: SubtotalResult;
  /** Readings tried, and how many of them held. */
  readonly tried: number;
  readonly held: number;
  readonly findings: readonly DriftFinding[];
}

interface Candidate {
  readonly meanings: ColumnMeaning[];
  readonly arith: ArithmeticResult;
  readonly sums: SubtotalResult;
  readonly unknown: number;
  readonly duplicates: string[];
  readonly fails: number;
  readonly fit: boolean | null;
  readonly proofs: number;
  readonly misfit: number;
  /** Position of its assignment: the natural reading of the heading block comes first. */
  readonly order: number;
  readonly signature: string;
}

const read = (m: ColumnMeaning): m is Extract<ColumnMeaning, { status: 'read' }> => m.status === 'read';

function evaluate(meanings: ColumnMeaning[], misfit: number, rows: Parameters<typeof checkArithmetic>[1], window: ReferenceWindow | null, order: number, groups: readonly SubtotalGroup[]): Candidate {
  const arith = checkArithmetic(meanings, rows);
  const sums = checkSubtotals(meanings, rows, groups);
  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  for (const m of meanings.filter(read)) {
    const key = `${m.metric} ${periodCode(m.period)}`;
    const other = seen.get(key);
    if (other !== undefined) duplicates.push(`"${other}" and "${m.label}" both read as ${key}`);
    seen.set(key, m.label);
  }
  return {
    meanings,
    arith,
    sums,
    unknown: meanings.filter((m) => m.status === 'unknown').length,
    duplicates,
    // a subtotal its members contradict fails the reading like a change its levels contradict
    fails: arith.failed.reduce((s, n) => s + n, 0) + sums.failed.reduce((s, n) => s + n, 0),
    fit: fitsWindow(meanings.filter(read).map((m) => m.period), window),
    proofs: arith.passed.reduce((s, n) => s + n, 0) + sums.passed.reduce((s, n) => s + n, 0),
    misfit,
    order,
    signature: meanings.map((m) => (read(m) ? `${m.metric}@${periodCode(m.period)}` : m.status)).join(','),
  };
}

const sound = (c: Candidate): boolean => c.unknown === 0 && c.duplicates.length === 0 && c.fails === 0 && c.fit !== false;

/**
 * Orders candidates. Sound readings first, then the one fitting the release's dates, proven by more
 * checks, with better-placed headings. Among readings that all fail, one the numbers prove (whose
 * periods only contradict the release's dates) comes first, else the most natural one (the heading
 * block read as printed): it is the one the drift report shows.
 */
function rank(a: Candidate, b: Candidate): number {
  const sa = sound(a);
  const sb = sound(b);
  if (sa !== sb) return Number(sb) - Number(sa);
  if (sa) return Number(b.fit === true) - Number(a.fit === true) || b.proofs - a.proofs || a.misfit - b.misfit || a.order - b.order;
  const arith = (c: Candidate): boolean => c.unknown === 0 && c.duplicates.length === 0 && c.fails === 0;
  return Number(arith(b)) - Number(arith(a)) || a.order - b.order || a.unknown + a.duplicates.length - (b.unknown + b.duplicates.length) || a.fails - b.fails;
}

/** Two sound readings this close in heading placement (column pitches) fit equally well. */
const SAME_FIT = 0.25;

/**
 * @param assignmentSets ways to read the heading block, most natural first; a later set is tried
 *   only when no reading of the earlier ones holds (it costs time on every ordinary table)
 */
export function chooseReading(
  assignmentSets: readonly (() => readonly HeadingAssignment[])[],
  caption: CaptionFacts,
  rows: readonly { label: string; cells: readonly (Chunk | undefined)[] }[],
  window: ReferenceWindow | null,
  vocab: Vocabulary,
  where: { page: number; table: string },
  subtotals: readonly SubtotalGroup[] = [],
): TableReading {
  const candidates: Candidate[] = [];
  const cache: PartialCache = new Map();
  const seen = new Set<string>();
  let order = 0;
  for (const set of assignmentSets) {
    if (candidates.some(sound)) break;
    for (const a of set()) {
      for (const meanings of interpretColumns(a, caption, vocab, cache)) {
        // the same reading from another assignment adds nothing
        const key = meanings.map((m) => (m.status === 'read' ? `${m.metric}@${periodCode(m.period)}|${m.inferred.length}` : `${m.status}:${m.label}`)).join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        candidates.push(evaluate(meanings, a.misfit, rows, window, order, subtotals));
      }
      order++;
    }
  }
  candidates.sort(rank);
  const best = candidates[0];
  const held = candidates.filter(sound).length;
  if (!best) return { meanings: [], arithmetic: { passed: [], failed: [], failures: [] }, sums: { passed: [], failed: [], failures: [], warnings: [] }, tried: 0, held: 0, findings: [] };
  const findings: DriftFinding[] = [];
  const at = { page: where.page, table: where.table };
  best.meanings.forEach((m, i) => {
    if (m.status === 'unknown') findings.push({ kind: 'column-not-understood', expected: 'a heading naming a metric (Milioni di euro, Var. %, Differenza, vs 2019) and a period', found: m.why, ...at, column: m.label || `#${i + 1}` });
  });
  for (const d of best.duplicates) findings.push({ kind: 'duplicate-column', expected: 'one column per metric and period', found: d, ...at });
  const changeFails = best.arith.failed.reduce((s, n) => s + n, 0);
  if (changeFails > 0) {
    const cols = best.meanings.filter((_, i) => (best.arith.failed[i] ?? 0) > 0).map((m) => `"${m.label}"`);
    findings.push({
      kind: 'inconsistent-values',
      expected: 'changes that follow from the two levels they compare, in every row',
      found: `${changeFails} check(s) fail in columns ${cols.join(', ')} under the best of ${candidates.length} reading(s): ${best.arith.failures.join('; ')}`,
      ...at,
    });
  }
  if (best.fails > changeFails) {
    findings.push({
      kind: 'subtotal-mismatch',
      expected: 'members that add up to their subtotal within the rounding of the printed digits, in every level and difference column',
      found: `${best.fails - changeFails} subtotal(s) fail under the best of ${candidates.length} reading(s): ${best.sums.failures.join('; ')}`,
      ...at,
    });
  }
  if (findings.length === 0 && best.fit === false) {
    const newest = best.meanings.filter(read).sort((a, b) => comparePeriods(a.period, b.period)).pop();
    const what = newest ? `${periodCode(newest.period)} (column "${newest.label}")` : 'none';
    findings.push({ kind: 'period-contradicts-release', expected: window?.from ?? 'periods fitting the release dates', found: `the table's newest period is ${what}`, ...at });
  }
  if (findings.length === 0) {
    const rival = candidates.slice(1).find((c) => sound(c) && c.signature !== best.signature && c.fit === best.fit && c.proofs === best.proofs && Math.abs(c.misfit - best.misfit) < SAME_FIT);
    if (rival) {
      const differ = best.meanings.flatMap((m, i) => {
        const r = rival.meanings[i];
        return r && read(m) && read(r) && (m.metric !== r.metric || periodCode(m.period) !== periodCode(r.period))
          ? [`"${m.label}" as ${m.metric} ${periodCode(m.period)} or ${r.metric} ${periodCode(r.period)}`]
          : [];
      });
      findings.push({ kind: 'ambiguous-reading', expected: 'one reading of the headings that the numbers prove', found: `two readings hold equally: ${differ.join('; ')}`, ...at });
    }
  }
  if (findings.length === 0) {
    // every meaning that was inferred rather than printed must be confirmed by at least one check
    best.meanings.forEach((m, i) => {
      const bySums = (best.sums.passed[i] ?? 0) > 0 && read(m) && confirmsInference(m);
      if (read(m) && m.inferred.length > 0 && (best.arith.passed[i] ?? 0) === 0 && !bySums) {
        findings.push({
          kind: 'inference-unconfirmed',
          expected: 'an inferred meaning confirmed by the table\'s arithmetic (a change against its two levels)',
          found: `"${m.label}" read as ${m.metric} ${periodCode(m.period)} from ${m.inferred.join('; ')}, but no row lets the numbers check it`,
          ...at,
          column: m.label,
        });
      }
    });
  }
  if (findings.length === 0) findings.push(...ignoredColumnsThatAreChanges(best.meanings, rows, at), ...uncheckedChanges(best.meanings, at));
  return { meanings: best.meanings, arithmetic: best.arith, sums: best.sums, tried: candidates.length, held, findings };
}
