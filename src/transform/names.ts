import type { EntityDef, RegionRegistry } from '../domain/registry/types.ts';

/**
 * Normalises an entity name for matching, so that spellings differing only in
 * case, accents, apostrophe or dash style, footnote markers or line wrapping
 * compare equal: "Macchine per l’industria ceramica¹" ≡ "macchine per l'industria ceramica".
 */
export function normalizeName(raw: string): string {
  return (
    raw
      // superscript footnote markers, before NFKD turns them into plain digits that the rule
      // below only recognises after a letter ("(distretti ER)¹" was not found: property tests)
      .replace(/[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+/g, ' ')
      .normalize('NFKD')
      // combining accents (after NFKD), so "Forlì" ≡ "Forli"
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      // footnote markers: superscript digits (NFKD maps them to digits), (1), *, trailing digits after a word
      .replace(/\(\s*[\d*]+\s*\)|\*+/g, ' ')
      .replace(/([a-z])\d+\b/g, '$1')
      // every apostrophe and quote to one, with no spaces around it
      .replace(/\s*['’‘`´ʼ]\s*/g, "'")
      // every dash (hyphen, en, em, minus, non-breaking hyphen) to '-', joining words
      .replace(/\s*[-‐‑‒–—−]\s*/g, '-')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/\s*[.,;:]+$/g, '')
  );
}

/** Looks up entities of one region by any spelling (name or alias), after {@link normalizeName}. */
export interface NameResolver {
  /** The entity, or undefined if the spelling is unknown. Never guesses. */
  resolve(raw: string): EntityDef | undefined;
  /** Every normalised spelling known, for diagnostics ("did you mean"). */
  readonly spellings: ReadonlyMap<string, EntityDef>;
}

export function createNameResolver(registry: RegionRegistry): NameResolver {
  const spellings = new Map<string, EntityDef>();
  for (const e of registry.entities) {
    for (const s of [e.name, ...e.aliases]) {
      const key = normalizeName(s);
      const prev = spellings.get(key);
      if (prev && prev !== e) {
        throw new Error(`registry ${registry.region}: "${s}" names both ${prev.slug} and ${e.slug}`);
      }
      spellings.set(key, e);
    }
  }
  return {
    resolve: (raw) => spellings.get(normalizeName(raw)),
    spellings,
  };
}
