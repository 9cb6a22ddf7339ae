import type { EntityDef } from '../../../domain/registry/types.ts';
import { registryLookup, isSummedBy } from '../entities.ts';
import { FLOAT_EPS, HALF_UNIT, figureKey, indexFigures, round1, sampleOf } from '../figure-index.ts';
import type { Rule, Violation } from '../types.ts';

/** Additive metrics: a subtotal of levels or of €M changes is the sum of its members'. */
const ADDITIVE = new Set(['exports_meur', 'delta_meur']);

/** The stable rule id for an aggregate, by what it sums. */
export function aggregateRuleId(agg: EntityDef): string {
  if (agg.aggregates === 'distretti') return 'regional-total';
  if (agg.aggregates === 'poli') return 'hubs-total';
  return 'sector-subtotal';
}

/**
 * Sum tolerance: the total and each of n members are rounded to ±0.05.
 * Exact bound, so a single misread digit in the tenths of any member is caught.
 */
export function sumTolerance(memberCount: number): number {
  return HALF_UNIT * (memberCount + 1);
}

/**
 * `sector-subtotal`, `regional-total`, `hubs-total`: every printed subtotal/total of an
 * additive metric equals the sum of the members printed in the same release.
 * Members are the release's own entities of the aggregate's kind/sector (membership
 * is per release). When some member lacks that period (printed "n.d."), the sum
 * cannot be checked and is skipped rather than guessed.
 */
export const aggregateSums: Rule = {
  id: 'aggregate-sums',
  check(release, ctx) {
    const lookup = registryLookup(ctx.registry);
    const index = indexFigures(release.figures);
    const present = new Map<string, EntityDef>();
    for (const f of release.figures) {
      const e = lookup(f.entity);
      if (e) present.set(f.entity, e);
    }
    const out: Violation[] = [];
    for (const f of index.values()) {
      if (!ADDITIVE.has(f.metric)) continue;
      const agg = present.get(f.entity);
      if (!agg || agg.kind !== 'aggregato' || !agg.aggregates) continue;
      const members = [...present.entries()].filter(([, e]) => isSummedBy(agg, e));
      if (members.length === 0) continue;
      const values = members.map(([name]) => index.get(figureKey(name, f.period, f.metric))?.value);
      if (values.some((v) => v === undefined)) continue;
      const sum = (values as number[]).reduce((a, b) => a + b, 0);
      const tol = sumTolerance(members.length);
      if (Math.abs(f.value - sum) > tol + FLOAT_EPS) {
        out.push({
          rule: aggregateRuleId(agg),
          severity: 'error',
          sample: sampleOf(f, {
            expected: round1(sum),
            tolerance: Math.round(tol * 1000) / 1000,
            detail: `sum of ${members.length} members`,
          }),
        });
      }
    }
    return out;
  },
};
