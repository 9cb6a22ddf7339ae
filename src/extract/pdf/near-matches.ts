import { normalizeName, type NameResolver } from '../../transform/names.ts';

const tokens = (s: string): Set<string> => new Set(normalizeName(s).split(/[\s'-]+/).filter((t) => t.length > 1));

/** Up to `limit` canonical names whose spellings share the most words with `label` ("did you mean"). */
export function nearMatches(label: string, resolver: NameResolver, limit = 3): string[] {
  const want = tokens(label);
  const scored = new Map<string, number>();
  for (const [spelling, entity] of resolver.spellings) {
    const have = tokens(spelling);
    let common = 0;
    for (const t of want) if (have.has(t)) common++;
    const score = common / Math.max(1, new Set([...want, ...have]).size);
    if (score > (scored.get(entity.name) ?? 0)) scored.set(entity.name, score);
  }
  return [...scored.entries()]
    .filter(([, s]) => s >= 0.25)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name]) => name);
}
