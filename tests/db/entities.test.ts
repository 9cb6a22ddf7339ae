import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import type { RegionRegistry } from '../../src/domain/registry/types.ts';
import { EntityNotFoundError, entityIdResolver, resolveEntity, syncRegistry } from '../../db/queries/entities.ts';
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
});
