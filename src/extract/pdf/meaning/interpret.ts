import type { Metric } from '../../../domain/metric.ts';
import { comparePeriods, periodCode, type Period } from '../../../domain/period.ts';
import type { Vocabulary } from '../../../domain/vocabulary/index.ts';
import { findPeriodLabels } from '../../../transform/period-labels.ts';
import { headingFacts } from '../columns.ts';
import type { HeadingAssignment } from './blocks.ts';
import type { CaptionFacts, ColumnMeaning } from './types.ts';

/**
 * Column meanings for one heading assignment, from all the evidence together: each column's own
 * heading texts, the group headings of its block, the caption's unit and period, and its position
 * (issue 9, "Meaning from the whole table"). Where the unit leaves a period-only column open
 * (a caption stating both "milioni di euro" and "var. %"), every combination is returned.
 */

/** At most this many metric combinations per assignment. */
const MAX_COMBOS = 16;

const isChange = (m: Metric): boolean => m !== 'exports_meur';

interface Partial {
  label: string;
  notExports: string | null;
  conflict?: string;
  metrics: { metric: Metric; why: string; inferred: boolean }[];
  year: number | null;
  yearWhy: string;
  span: { firstMonth: number; lastMonth: number } | null;
  spanWhy: string;
  groupInferred: readonly string[];
}

/** Whether a heading says nothing but periods (and a stated unit): "2024", "1° trim. | 2025", "milioni di euro | 2025". */
function periodOnly(text: string, vocab: Vocabulary): boolean {
  let rest = vocab.withoutBaseYear(text);
  for (const m of findPeriodLabels(rest, vocab.profile.periods)) rest = rest.replace(m.text, ' ');
  return !/\p{L}{2}/u.test(vocab.stripUnits(rest));
}

/**
 * Headings over one column that contradict each other: a never-exports wording in one heading and a
 * metric in another ("Quota %" over "Milioni di euro"), or two different metrics ("Differenza" over
 * "Var. %"). No typesetter means that; it is a heading attached to the wrong block.
 */
function conflictOf(parts: readonly string[], whole: Metric | null, vocab: Vocabulary): string | null {
  const never = parts.filter((p) => vocab.neverExports(p) !== null);
  const named = parts.filter((p) => vocab.neverExports(p) === null && vocab.metricOf(p) !== null);
  if (never.length && named.length) return `"${never[0]}" and "${named[0]}" over one column`;
  if (whole === 'vs2019_pct') return null;
  // a level wording names exports or their unit ("Differenza" / "(mln €)", "Export" / "Var. %"): it goes with any change
  const metrics = new Set(named.map((p) => vocab.metricOf(p)).filter((m) => m !== 'exports_meur'));
  return metrics.size > 1 ? `headings naming different metrics over one column (${named.map((p) => `"${p}"`).join(', ')})` : null;
}

/** Per table: the same heading parts recur across assignments; read them once. */
export type PartialCache = Map<string, Partial>;

function partialOf(parts: readonly string[], groupInferred: readonly string[], caption: CaptionFacts, vocab: Vocabulary, cache: PartialCache): Partial {
  const key = `${parts.join('\u0001')}\u0002${groupInferred.join('\u0001')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const made = makePartial(parts, groupInferred, caption, vocab);
  cache.set(key, made);
  return made;
}

function makePartial(parts: readonly string[], groupInferred: readonly string[], caption: CaptionFacts, vocab: Vocabulary): Partial {
  const f = headingFacts(parts, vocab);
  const label = parts.join(' | ');
  const conflict = conflictOf(parts, f.metric, vocab);
  const metrics: Partial['metrics'] = [];
  if (conflict) return { label, notExports: null, conflict, metrics, year: null, yearWhy: '', span: null, spanWhy: '', groupInferred };
  if (f.metric) metrics.push({ metric: f.metric, why: `metric "${f.metric}" printed in the heading`, inferred: false });
  else if (periodOnly(f.text, vocab)) {
    // a period-only column takes the unit its caption or group heading states
    const units = vocab.unitsOf(`${caption.text} ${parts.join(' ')}`);
    if (units.level) metrics.push({ metric: 'exports_meur', why: 'a level: the caption states millions of euro', inferred: true });
    if (units.pct) metrics.push({ metric: 'yoy_pct', why: 'a % change: the caption states var. %', inferred: true });
  }
  return {
    label,
    notExports: f.notExports,
    conflict: undefined,
    metrics,
    year: f.year ?? caption.year ?? null,
    yearWhy: f.year !== null ? 'year printed in the heading' : caption.year !== undefined ? `year ${caption.year} from the caption` : '',
    span: f.span ?? caption.span ?? null,
    spanWhy: f.span ? 'period printed in the heading' : caption.span ? 'period from the caption' : '',
    groupInferred,
  };
}

/** The candidate meanings of every column under one assignment (one per metric combination). */
export function interpretColumns(a: HeadingAssignment, caption: CaptionFacts, vocab: Vocabulary, cache: PartialCache = new Map()): ColumnMeaning[][] {
  const partials = a.parts.map((p, i) => partialOf(p, a.inferredGroups[i] ?? [], caption, vocab, cache));
  const open = partials.map((p, i) => (p.notExports === null && p.metrics.length > 1 ? i : -1)).filter((i) => i >= 0);
  const combos: Map<number, number>[] = [new Map()];
  for (const i of open) {
    const next: Map<number, number>[] = [];
    for (const c of combos) for (let k = 0; k < (partials[i]?.metrics.length ?? 1); k++) next.push(new Map(c).set(i, k));
    combos.splice(0, combos.length, ...next.slice(0, MAX_COMBOS));
  }
  return combos.map((choice) => resolve(partials, a.blockOf, choice));
}

function resolve(partials: readonly Partial[], blockOf: readonly number[], choice: ReadonlyMap<number, number>): ColumnMeaning[] {
  const first: (ColumnMeaning | { pending: Partial; metric: Partial['metrics'][number] })[] = partials.map((p, i) => {
    if (p.conflict) return { status: 'unknown', label: p.label, why: p.conflict };
    if (p.notExports) return { status: 'ignored', label: p.label, why: `"${p.label}" names ${p.notExports}` };
    const metric = p.metrics[choice.get(i) ?? 0];
    if (!metric) return { status: 'unknown', label: p.label, why: `no known metric wording in "${p.label || '(no heading)'}"` };
    if (p.year === null) return { pending: p, metric };
    return read(p, metric, { year: p.year, ...(p.span ?? { firstMonth: 1, lastMonth: 12 }) }, [p.yearWhy, p.spanWhy || 'a bare year: the whole year']);
  });
  // a change column with no period of its own belongs to the newer level of its block
  return first.map((m, i) => {
    if ('status' in m) return m;
    const { pending: p, metric } = m;
    if (!isChange(metric.metric)) return { status: 'unknown', label: p.label, why: `no period in "${p.label}"` };
    const levels = first
      .map((x, k) => ({ x, k }))
      .filter(({ x, k }) => 'status' in x && x.status === 'read' && x.metric === 'exports_meur' && blockOf[k] === blockOf[i]);
    const newest = levels
      .map(({ x }) => (x as Extract<ColumnMeaning, { status: 'read' }>).period)
      .sort(comparePeriods)
      .pop();
    if (!newest) return { status: 'unknown', label: p.label, why: `no period in "${p.label}" and no level beside it to take one from` };
    const span = p.span ?? { firstMonth: newest.firstMonth, lastMonth: newest.lastMonth };
    const period = { year: newest.year, ...span };
    return read(p, metric, period, [`period ${periodCode(period)} of the newer level of its block (position)`], true);
  });
}

function read(p: Partial, metric: Partial['metrics'][number], period: Period, whys: readonly string[], positional = false): ColumnMeaning {
  const inferred: string[] = [];
  if (metric.inferred) inferred.push(metric.why);
  if (positional) inferred.push(...whys);
  if (p.groupInferred.length) inferred.push(`group heading ${p.groupInferred.map((g) => `"${g}"`).join(', ')} assigned by the columns under it (not centred)`);
  return {
    status: 'read',
    label: p.label,
    metric: metric.metric,
    period,
    evidence: [...(metric.inferred ? [] : [metric.why]), ...(positional ? [] : whys.filter(Boolean))],
    inferred,
    ...(positional || p.groupInferred.length > 0 ? { inferredPeriod: true } : {}),
  };
}
