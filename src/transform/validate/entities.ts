import type { EntityDef, RegionRegistry } from '../../domain/registry/types.ts';
import { createNameResolver } from '../names.ts';

/**
 * Resolves the entity names of a release against its registry: the canonical name
 * first, then any alias (after normalizeName). Undefined when unknown — the
 * `entity-unknown` rule reports those; other rules skip them.
 */
export function registryLookup(registry: RegionRegistry): (name: string) => EntityDef | undefined {
  const byName = new Map(registry.entities.map((e) => [e.name, e] as const));
  const resolver = createNameResolver(registry);
  return (name) => byName.get(name) ?? resolver.resolve(name);
}

/** Whether `member` is summed by the aggregate `agg` (by kind and sector). */
export function isSummedBy(agg: EntityDef, member: EntityDef): boolean {
  switch (agg.aggregates) {
    case undefined:
      return false;
    case 'distretti':
      return member.kind === 'distretto';
    case 'poli':
      return member.kind === 'polo';
    default:
      return member.kind === 'distretto' && member.sector === agg.aggregates;
  }
}
