import { periodCode } from '../../../src/domain/period.ts';
import { extractRelease, LayoutDriftError } from '../../../src/extract/pdf/index.ts';
import type { CorpusRelease } from './corpus-data.ts';

/**
 * Runs the product's real extractor on a document and says how it did against what the document
 * prints: exact (every figure with the right entity, period, metric and value, nothing extra, and
 * the release's reference quarter right), refused (a typed layout-drift error) or wrong (anything
 * else: a wrong, missing or extra figure without a refusal, or another error).
 */

export type Outcome =
  | { readonly kind: 'exact' }
  | { readonly kind: 'refused'; readonly findings: readonly string[] }
  | { readonly kind: 'wrong'; readonly detail: string };

const OPTS = { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' } as const;

export async function classify(bytes: Uint8Array, expected: readonly string[], data: CorpusRelease): Promise<Outcome> {
  let release;
  try {
    release = await extractRelease(bytes, OPTS);
  } catch (e) {
    if (e instanceof LayoutDriftError) return { kind: 'refused', findings: e.findings.map((f) => `${f.kind}${f.column ? ` [${f.column}]` : ''}: ${f.found}`) };
    return { kind: 'wrong', detail: `unexpected error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
  }
  const got = release.figures.map((f) => `${f.entity}|${periodCode(f.period)}|${f.metric}|${f.value}`);
  const want = new Set(expected);
  const have = new Set(got);
  const missing = expected.filter((k) => !have.has(k));
  const extra = got.filter((k) => !want.has(k));
  const problems: string[] = [];
  if (missing.length) problems.push(`${missing.length} missing (e.g. ${missing.slice(0, 3).join('; ')})`);
  if (extra.length) problems.push(`${extra.length} extra or wrong (e.g. ${extra.slice(0, 3).join('; ')})`);
  if (got.length !== have.size) problems.push(`${got.length - have.size} duplicates`);
  const { info } = data;
  if (release.meta.referenceYear !== info.refYear || release.meta.referenceQuarter !== info.refQuarter) {
    problems.push(`reference quarter ${release.meta.referenceYear}Q${release.meta.referenceQuarter}, expected ${info.refYear}Q${info.refQuarter}`);
  }
  return problems.length ? { kind: 'wrong', detail: problems.join(' / ') } : { kind: 'exact' };
}

/** Short one-line description of an outcome for logs and assertion messages. */
export function describeOutcome(o: Outcome): string {
  if (o.kind === 'exact') return 'exact';
  if (o.kind === 'refused') return `refused: ${o.findings.slice(0, 3).join(' | ')}${o.findings.length > 3 ? ` (+${o.findings.length - 3})` : ''}`;
  return `WRONG: ${o.detail}`;
}
