import type { ExtractedRelease } from '../../domain/release.ts';
import { aggregateSums } from './rules/aggregates.ts';
import { deltaVsLevels, yoyVsLevels } from './rules/change-vs-levels.ts';
import { duplicates } from './rules/duplicates.ts';
import { extractorWarnings } from './rules/extractor-warnings.ts';
import { membership } from './rules/membership.ts';
import { previousVintage } from './rules/previous-vintage.ts';
import { range } from './rules/range.ts';
import {
  DEFAULT_THRESHOLDS,
  type Finding,
  type ResolvedContext,
  type Rule,
  type Severity,
  type ValidationContext,
  type Violation,
} from './types.ts';

export * from './types.ts';
export { yoyBounds, DELTA_TOLERANCE } from './rules/change-vs-levels.ts';
export { sumTolerance } from './rules/aggregates.ts';
export { isScaleFlip } from './rules/previous-vintage.ts';

/** Every rule, in report order. Adding a check is adding a file and a line here. */
export const RULES: readonly Rule[] = [
  range,
  duplicates,
  membership,
  yoyVsLevels,
  deltaVsLevels,
  aggregateSums,
  previousVintage,
  extractorWarnings,
];

/** Human summary per stable rule id (one rule file may report several ids). */
export const RULE_MESSAGES: Readonly<Record<string, string>> = Object.freeze({
  'value-out-of-range': 'values out of the possible range',
  'duplicate-conflict': 'the same figure is printed with different values',
  'entity-unknown': 'entity names no registry spelling matches (add an alias and re-parse)',
  'membership-missing': 'entities the registry expects for the reference quarter are missing',
  'membership-unexpected': 'entities outside their registry membership bounds',
  'kind-mismatch': 'entity kind differs from the registry',
  'yoy-vs-levels': 'year-on-year % disagrees with the two levels printed in the same release',
  'delta-vs-levels': 'change in €M disagrees with the two levels printed in the same release',
  'sector-subtotal': 'sector subtotals disagree with the sum of their districts',
  'regional-total': 'the regional total disagrees with the sum of the districts',
  'hubs-total': 'the hubs total disagrees with the sum of the hubs',
  'scale-flip': 'money figures moved by about ×1000 against the previous vintage (unit error)',
  'revision-large': 'figures revised beyond the threshold against the previous vintage',
  'prose-figure-mismatch': 'the text quotes a % change that no table cell holds',
  'subtotal-includes-unlisted': 'a subtotal exceeds the sum of its listed members (it may count districts the table leaves out)',
  'note-number-mismatch': 'the note number stands for another quarter than the tables under the numbering inferred for the region',
});

/**
 * Runs every rule on one extracted release and reports every failure: one
 * {@link Finding} per (rule id, severity), with the count of offending items and up
 * to `maxSamples` samples. Pure: no I/O. Any `error` finding means the release
 * must be quarantined; warnings are stored with it.
 *
 * @example
 * const findings = validateRelease(extracted, { registry: EMILIA_ROMAGNA, previous });
 * const quarantine = findings.some((f) => f.severity === 'error');
 */
export function validateRelease(release: ExtractedRelease, ctx: ValidationContext): Finding[] {
  const resolved: ResolvedContext = {
    registry: ctx.registry,
    previous: ctx.previous,
    thresholds: { ...DEFAULT_THRESHOLDS, ...ctx.thresholds },
  };
  const violations: Violation[] = RULES.flatMap((r) => r.check(release, resolved));
  return groupViolations(violations, resolved.thresholds.maxSamples);
}

/** Groups violations into findings, keeping first-seen order of (rule, severity). */
export function groupViolations(violations: readonly Violation[], maxSamples: number): Finding[] {
  const groups = new Map<string, { rule: string; severity: Severity; items: Violation[] }>();
  for (const v of violations) {
    const k = `${v.rule}\u0000${v.severity}`;
    const g = groups.get(k);
    if (g) g.items.push(v);
    else groups.set(k, { rule: v.rule, severity: v.severity, items: [v] });
  }
  return [...groups.values()].map((g) => ({
    rule: g.rule,
    severity: g.severity,
    count: g.items.length,
    message: `${RULE_MESSAGES[g.rule] ?? g.rule}: ${g.items.length} item${g.items.length === 1 ? '' : 's'}`,
    samples: g.items.slice(0, maxSamples).map((v) => v.sample),
  }));
}

/** Whether the findings quarantine the release. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
