import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import type { RegionRegistry } from '../../src/domain/registry/types.ts';
import { EntityNotFoundError, ensureRegistry, entityIdResolver, registryFingerprint, resolveEntity, syncRegistry } from '../../db/queries/entities.ts';
import { contentHashes } from '../../db/queries/observations.ts';

describe('syncRegistry on PostgreSQL', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.close();
  });

  it('upserts every entity and spelling, and a second sync changes nothing', async () => {
    const ids = await syncRegistry(t.db, EMILIA_ROMAGNA);
    expect(ids.size).toBe(EMILIA_ROMAGNA.entities.length);
    const spellings = EMILIA_ROMAGNA.entities.reduce((n, e) => n + 1 + e.aliases.length, 0);
    const aliases = await t.db.selectFrom('entity_aliases').select('alias_norm').execute();
    expect(aliases).toHaveLength(spellings);
    const ceramic = await t.db.selectFrom('entities').selectAll().where('slug', '=', 'macchine-ceramica-modena-reggio-emilia').executeTakeFirstOrThrow();
    expect(ceramic).toMatchObject({ data_source: 'ACIMAC', kind: 'distretto', sector: 'Meccanica', region: 'emilia-romagna' });

    const before = await contentHashes(t.db);
    const again = await syncRegistry(t.db, EMILIA_ROMAGNA);
    expect([...again]).toEqual([...ids]);
    expect(await contentHashes(t.db)).toEqual(before);
  });

  it('follows registry edits: a renamed alias replaces the old one; ids stay', async () => {
    const edited: RegionRegistry = {
      ...EMILIA_ROMAGNA,
      entities: EMILIA_ROMAGNA.entities.map((e) =>
        e.slug === 'biomedicale-mirandola' ? { ...e, aliases: ['Distretto biomedicale mirandolese'] } : e,
      ),
    };
    const ids = await syncRegistry(t.db, edited);
    const resolve = await entityIdResolver(t.db, 'emilia-romagna');
    expect(resolve('DISTRETTO BIOMEDICALE MIRANDOLESE')).toBe(ids.get('Biomedicale di Mirandola'));
    expect(resolve('Polo biomedicale di Mirandola')).toBeUndefined();
    await syncRegistry(t.db, EMILIA_ROMAGNA);
    expect((await entityIdResolver(t.db, 'emilia-romagna'))('Polo biomedicale di Mirandola')).toBe(ids.get('Biomedicale di Mirandola'));
  });

  it.each([
    ['biomedicale-mirandola', 'Biomedicale di Mirandola'],
    ['Biomedicale di Mirandola', 'Biomedicale di Mirandola'],
    ['polo biomedicale di mirandola', 'Biomedicale di Mirandola'],
    ['Mobili imbottiti di Forli', 'Mobili imbottiti di Forlì'],
    ['Macchine agricole di Reggio Emilia e Modena', 'Macchine agricole di Modena e Reggio Emilia'],
  ])('resolveEntity(%s) → %s', async (ref, name) => {
    expect((await resolveEntity(t.db, ref)).name).toBe(name);
  });

  it('an unknown reference is an error, never a guess', async () => {
    await expect(resolveEntity(t.db, 'Biomedicale di Modena')).rejects.toBeInstanceOf(EntityNotFoundError);
  });

  it('ensureRegistry syncs only a registry the database does not hold yet', async () => {
    await t.db.deleteFrom('registry_syncs').execute();
    expect(await ensureRegistry(t.db, EMILIA_ROMAGNA)).toBe(true);
    const held = await t.db.selectFrom('registry_syncs').selectAll().execute();
    expect(held.map((r) => [r.region, r.fingerprint])).toEqual([['emilia-romagna', registryFingerprint(EMILIA_ROMAGNA)]]);

    const before = await contentHashes(t.db);
    expect(await ensureRegistry(t.db, EMILIA_ROMAGNA)).toBe(false);
    expect(await contentHashes(t.db)).toEqual(before);

    // A code change to the registry (here a new alias) is a new fingerprint: synced, then held.
    const edited: RegionRegistry = {
      ...EMILIA_ROMAGNA,
      entities: EMILIA_ROMAGNA.entities.map((e) => (e.slug === 'biomedicale-mirandola' ? { ...e, aliases: [...e.aliases, 'Biomedicale mirandolese'] } : e)),
    };
    expect(registryFingerprint(edited)).not.toBe(registryFingerprint(EMILIA_ROMAGNA));
    expect(await ensureRegistry(t.db, edited)).toBe(true);
    expect((await entityIdResolver(t.db, 'emilia-romagna'))('biomedicale mirandolese')).toBeDefined();
    expect(await ensureRegistry(t.db, edited)).toBe(false);
    expect(await ensureRegistry(t.db, EMILIA_ROMAGNA)).toBe(true);
    expect((await entityIdResolver(t.db, 'emilia-romagna'))('biomedicale mirandolese')).toBeUndefined();
  });

  it('the fingerprint does not depend on key order, and covers every written field', () => {
    const reordered: RegionRegistry = { entities: EMILIA_ROMAGNA.entities.map((e) => Object.fromEntries(Object.entries(e).reverse()) as typeof e), label: EMILIA_ROMAGNA.label, region: EMILIA_ROMAGNA.region };
    expect(registryFingerprint(reordered)).toBe(registryFingerprint(EMILIA_ROMAGNA));
    const first = EMILIA_ROMAGNA.entities[0]!;
    for (const change of [{ name: `${first.name} x` }, { sector: first.sector === 'Meccanica' ? 'Sistema moda' : 'Meccanica' }, { kind: first.kind === 'polo' ? 'distretto' : 'polo' }, { dataSource: first.dataSource === 'ACIMAC' ? 'ISTAT' : 'ACIMAC' }, { slug: `${first.slug}-x` }]) {
      const edited = { ...EMILIA_ROMAGNA, entities: [{ ...first, ...change } as typeof first, ...EMILIA_ROMAGNA.entities.slice(1)] };
      expect(registryFingerprint(edited), JSON.stringify(change)).not.toBe(registryFingerprint(EMILIA_ROMAGNA));
    }
  });
});
