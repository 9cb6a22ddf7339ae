import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { RegionRegistry } from '../../src/domain/registry/types.ts';
import { NotRetryableError } from '../../src/errors/distretti-error.ts';
import { normalizeName } from '../../src/transform/names.ts';

/**
 * Upserts a region's entities (by slug) and every spelling of them into
 * entity_aliases (alias_norm = normalizeName), in one transaction. Idempotent:
 * rows already equal are not touched; aliases the registry no longer lists are
 * removed for that region. Entities are never deleted (observations reference them).
 * Returns canonical name → entity id.
 *
 * @example
 * const ids = await syncRegistry(db, EMILIA_ROMAGNA); ids.get('Biomedicale di Mirandola') // → 1
 */
export async function syncRegistry(db: Kysely<Database>, registry: RegionRegistry): Promise<Map<string, number>> {
  return db.transaction().execute(async (trx) => {
    // One statement for the whole registry (a round trip per entity before; issue 13).
    const { entities: entityRows, aliases } = registryRows(registry);
    const bySlug = new Map<string, number>();
    if (entityRows.length > 0) {
      const written = await trx
        .insertInto('entities')
        .values(entityRows)
        .onConflict((oc) =>
          oc.column('slug').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            kind: eb.ref('excluded.kind'),
            sector: eb.ref('excluded.sector'),
            region: eb.ref('excluded.region'),
            data_source: eb.ref('excluded.data_source'),
          })).where(sql<boolean>`(entities.name, entities.kind, entities.sector, entities.region, entities.data_source)
            is distinct from (excluded.name, excluded.kind, excluded.sector, excluded.region, excluded.data_source)`),
        )
        .returning(['id', 'slug'])
        .execute();
      for (const r of written) bySlug.set(r.slug, r.id);
    }
    // No row back for entities that did not change (the conflict's WHERE was false): read their ids.
    const unchanged = entityRows.filter((r) => !bySlug.has(r.slug)).map((r) => r.slug);
    if (unchanged.length > 0) {
      for (const r of await trx.selectFrom('entities').select(['id', 'slug']).where('slug', 'in', unchanged).execute()) bySlug.set(r.slug, r.id);
    }
    const ids = new Map<string, number>();
    for (const e of registry.entities) ids.set(e.name, bySlug.get(e.slug) as number);
    const rows = [...aliases].map(([alias_norm, a]) => ({ region: registry.region, alias_norm, alias: a.alias, entity_id: bySlug.get(a.slug) as number }));
    if (rows.length > 0) {
      await trx
        .insertInto('entity_aliases')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['region', 'alias_norm']).doUpdateSet((eb) => ({
            alias: eb.ref('excluded.alias'),
            entity_id: eb.ref('excluded.entity_id'),
          })).where(sql<boolean>`(entity_aliases.alias, entity_aliases.entity_id) is distinct from (excluded.alias, excluded.entity_id)`),
        )
        .execute();
    }
    await trx
      .deleteFrom('entity_aliases')
      .where('region', '=', registry.region)
      .where('alias_norm', 'not in', rows.length > 0 ? rows.map((r) => r.alias_norm) : [''])
      .execute();
    const fingerprint = registryFingerprint(registry);
    await trx
      .insertInto('registry_syncs')
      .values({ region: registry.region, fingerprint })
      .onConflict((oc) => oc.column('region').doUpdateSet({ fingerprint, synced_at: sql`now()` }))
      .execute();
    return ids;
  });
}

/**
 * {@link syncRegistry} unless the database already holds this very registry (its fingerprint
 * matches the last sync's): one indexed read on every start instead of upserting every entity and
 * alias (issue 13). Only syncRegistry writes entities and aliases, and it records the fingerprint
 * in the same transaction, so a match means the rows are exactly what this registry would write.
 *
 * @returns whether it synced
 */
export async function ensureRegistry(db: Kysely<Database>, registry: RegionRegistry): Promise<boolean> {
  const held = await db.selectFrom('registry_syncs').select('fingerprint').where('region', '=', registry.region).executeTakeFirst();
  if (held?.fingerprint === registryFingerprint(registry)) return false;
  await syncRegistry(db, registry);
  return true;
}

/**
 * SHA-256 of what {@link syncRegistry} writes for a region: the rows themselves, normalised
 * aliases included (a change to normalizeName also counts as a new registry), built in a fixed key
 * order, so independent of the registry objects' own.
 */
export function registryFingerprint(registry: RegionRegistry): string {
  const { entities, aliases } = registryRows(registry);
  return createHash('sha256').update(JSON.stringify([registry.region, entities, [...aliases]])).digest('hex');
}

/** The entity rows of a region, and each normalised spelling with its text and entity's slug. */
function registryRows(registry: RegionRegistry) {
  const entities = registry.entities.map((e) => ({
    slug: e.slug,
    name: e.name,
    kind: e.kind,
    sector: e.sector,
    region: e.region,
    data_source: e.dataSource ?? 'ISTAT',
  }));
  const aliases = new Map<string, { alias: string; slug: string }>();
  for (const e of registry.entities) for (const spelling of [e.name, ...e.aliases]) aliases.set(normalizeName(spelling), { alias: spelling, slug: e.slug });
  return { entities, aliases };
}

/** An entity reference (name, alias or slug) that matches nothing. */
export class EntityNotFoundError extends NotRetryableError {
  constructor(ref: string) {
    super('ENTITY_NOT_FOUND', `no entity is named, aliased or slugged "${ref}": check the spelling (see \`distretti entities\`)`, {
      entity: ref,
    });
  }
}

/** An entity reference that matches entities of several regions. */
export class EntityAmbiguousError extends NotRetryableError {
  constructor(ref: string, slugs: string[]) {
    super('ENTITY_AMBIGUOUS', `"${ref}" matches several entities (${slugs.join(', ')}): use a slug`, { entity: ref, slugs });
  }
}

export interface EntityRef {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly region: string;
}

/**
 * Resolves a user's entity reference — slug, canonical name or any alias
 * (normalised) — to one entity. Throws EntityNotFoundError / EntityAmbiguousError.
 */
export async function resolveEntity(db: Kysely<Database>, ref: string): Promise<EntityRef> {
  const bySlug = await db.selectFrom('entities').select(['id', 'slug', 'name', 'region']).where('slug', '=', ref).executeTakeFirst();
  if (bySlug) return bySlug;
  const rows = await db
    .selectFrom('entities as e')
    .leftJoin('entity_aliases as a', 'a.entity_id', 'e.id')
    .select(['e.id', 'e.slug', 'e.name', 'e.region'])
    .where((eb) => eb.or([eb('e.name', '=', ref), eb('a.alias_norm', '=', normalizeName(ref))]))
    .distinct()
    .execute();
  if (rows.length === 0) throw new EntityNotFoundError(ref);
  if (rows.length > 1) throw new EntityAmbiguousError(ref, rows.map((r) => r.slug));
  return rows[0] as EntityRef;
}

/**
 * A resolver from extracted names (canonical or alias) to entity ids of one
 * region, read once — for mapping a whole release without a query per figure.
 */
export async function entityIdResolver(
  db: Kysely<Database>,
  region: string,
): Promise<(name: string) => number | undefined> {
  const rows = await db.selectFrom('entity_aliases').select(['alias_norm', 'entity_id']).where('region', '=', region).execute();
  const byNorm = new Map(rows.map((r) => [r.alias_norm, r.entity_id] as const));
  return (name) => byNorm.get(normalizeName(name));
}
