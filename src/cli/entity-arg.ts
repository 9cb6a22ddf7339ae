import { REGIONS } from '../domain/registry/index.ts';
import type { EntityDef } from '../domain/registry/types.ts';
import { createNameResolver, normalizeName } from '../transform/names.ts';
import { NotRetryableError } from '../errors/distretti-error.ts';

export class UnknownEntityArgError extends NotRetryableError {
  constructor(arg: string, suggestions: string[]) {
    super(
      'CLI_UNKNOWN_ENTITY',
      `unknown entity "${arg}"` +
        (suggestions.length ? `; did you mean: ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '') +
        ' (names, aliases and slugs are accepted)',
      { entity: arg },
    );
  }
}

/** An entity given on the command line by canonical name, alias or slug, in any region. */
export function resolveEntityArg(arg: string): EntityDef {
  for (const registry of Object.values(REGIONS)) {
    const bySlug = registry.entities.find((e) => e.slug === arg);
    if (bySlug) return bySlug;
    const hit = createNameResolver(registry).resolve(arg);
    if (hit) return hit;
  }
  const needle = normalizeName(arg);
  const suggestions = Object.values(REGIONS)
    .flatMap((r) => r.entities)
    .filter((e) => normalizeName(e.name).includes(needle) || needle.split(' ').some((w) => w.length > 3 && normalizeName(e.name).includes(w)))
    .slice(0, 5)
    .map((e) => e.name);
  throw new UnknownEntityArgError(arg, suggestions);
}
