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
}
