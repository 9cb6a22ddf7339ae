import type { EntityKind } from '../metric.ts';

/** Sector of a traditional district, or the hubs' group, or a total. */
export type Sector = 'Meccanica' | 'Agro-alimentare' | 'Sistema moda' | 'Sistema casa' | 'Poli tecnologici' | 'Totale';

/**
 * One district, hub or aggregate as tracked by a regional monitor.
 * Names drift between releases, so every spelling we have seen is an alias.
 */
export interface EntityDef {
  /** The name we publish; stable forever once released. */
  readonly name: string;
  /** URL- and file-safe identifier, unique across all regions. */
  readonly slug: string;
  readonly kind: EntityKind;
  readonly sector: Sector;
  readonly region: string;
  /**
   * Other spellings seen in releases or the press (matched after normalising
   * case, accents, apostrophes and hyphens; see transform/names).
   */
  readonly aliases: readonly string[];
  /**
   * Quarters (codes `YYYYQn`, inclusive) whose releases carry this entity.
   * Absent bounds are open. Membership is per release: see shared publisher notes.
   */
  readonly memberFrom?: string;
  readonly memberUntil?: string;
  /** Whose data the figures are (default ISTAT); ACIMAC for ceramic machinery. */
  readonly dataSource?: 'ISTAT' | 'ACIMAC';
  /** For an aggregate: the entities it sums ('*distretti' = every member district of the release). */
  readonly aggregates?: 'distretti' | 'poli' | Sector;
}

export interface RegionRegistry {
  readonly region: string;
  /** Human name as on the cover, e.g. "Emilia-Romagna". */
  readonly label: string;
  readonly entities: readonly EntityDef[];
  /** How the region's notes are numbered, when known (a cross-check of the reference quarter only). */
  readonly noteNumbering?: NoteNumbering;
}

/**
 * An inferred numbering of a region's notes: note n covers quarter index n + offset (year·4 + quarter).
 * Each region keeps its own counter (shared publisher notes, "Timing"); never more than a warning.
 */
export interface NoteNumbering {
  readonly offset: number;
  /** Where the rule comes from, shown in the warning. */
  readonly source: string;
}
