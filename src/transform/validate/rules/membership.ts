import { membersAt } from '../../../domain/registry/index.ts';
import { registryLookup } from '../entities.ts';
import { sampleOf } from '../figure-index.ts';
import type { Rule, Violation } from '../types.ts';

/**
 * `entity-unknown` (error): a name no registry spelling matches — never dropped silently;
 * add the alias to the registry and re-parse.
 * `membership-missing` (error): an entity the registry says the release's reference
 * quarter carries has no figure at all (a lost table row).
 * `membership-unexpected` (warning): a known entity outside its membership bounds
 * (the bounds are inferred from the published record, so this may be a registry fix).
 * `kind-mismatch` (warning): the extractor's kind differs from the registry's.
 */
export const membership: Rule = {
  id: 'membership',
  check(release, ctx) {
    const lookup = registryLookup(ctx.registry);
    const { referenceYear: y, referenceQuarter: q } = release.meta;
    const expected = membersAt(ctx.registry, y, q);
    const expectedNames = new Set(expected.map((e) => e.name));
    const seen = new Set<string>();
    const reported = new Set<string>();
    const out: Violation[] = [];
    for (const f of release.figures) {
      const e = lookup(f.entity);
      if (!e) {
        if (!reported.has(`u:${f.entity}`)) {
          reported.add(`u:${f.entity}`);
          out.push({ rule: 'entity-unknown', severity: 'error', sample: sampleOf(f, { detail: `no registry spelling of ${ctx.registry.region} matches` }) });
        }
        continue;
      }
      seen.add(e.name);
      if (!expectedNames.has(e.name) && !reported.has(`x:${e.name}`)) {
        reported.add(`x:${e.name}`);
        out.push({
          rule: 'membership-unexpected',
          severity: 'warning',
          sample: sampleOf(f, { detail: `not a member in ${y}Q${q} (bounds ${e.memberFrom ?? '…'}–${e.memberUntil ?? '…'})` }),
        });
      }
      if (f.kind !== e.kind && !reported.has(`k:${e.name}`)) {
        reported.add(`k:${e.name}`);
        out.push({ rule: 'kind-mismatch', severity: 'warning', sample: sampleOf(f, { detail: `registry kind ${e.kind}, extracted ${f.kind}` }) });
      }
    }
    for (const e of expected) {
      if (!seen.has(e.name)) {
        out.push({ rule: 'membership-missing', severity: 'error', sample: { entity: e.name, detail: `expected in ${y}Q${q}, no figure found` } });
      }
    }
    return out;
  },
};
