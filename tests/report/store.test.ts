import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { getOrRenderBrief, briefInputsHash } from '../../src/report/get-or-render.ts';
import { assembleBriefData } from '../../src/report/assemble.ts';
import { insertFixture, type Fixture } from './fixture.ts';

let t: TestDb;
let fx: Fixture;

beforeAll(async () => {
  t = await createTestDb();
  fx = await insertFixture(t.db, { source: 'sample' });
});
afterAll(async () => {
  await t?.close();
});

describe('getOrRenderBrief', () => {
  it('renders and stores a brief with its inputs hash and lineage, then reuses it', async () => {
    const first = await getOrRenderBrief(t.db, { entitySlug: 'biomedicale-mirandola', lang: 'it', runId: 'run-a', codeVersion: '0.1.0' });
    expect(first.reused).toBe(false);
    expect(first.fileName).toBe('brief-biomedicale-mirandola-2025Q1-it.pdf');
    expect(first.sha256).toBe(createHash('sha256').update(first.bytes).digest('hex'));

    const row = await t.db.selectFrom('briefs').selectAll().where('id', '=', first.briefId).executeTakeFirstOrThrow();
    const data = await assembleBriefData(t.db, { entitySlug: 'biomedicale-mirandola' });
    expect(row).toMatchObject({ period_year: 2025, period_quarter: 1, lang: 'it', based_on_release_id: fx.n69.id, run_id: 'run-a', sha256: first.sha256 });
    expect(row.inputs_hash).toBe(briefInputsHash(data, 'it', '0.1.0'));
    expect(Buffer.from(row.bytes).equals(first.bytes)).toBe(true);

    const lineage = await t.db.selectFrom('brief_observations').selectAll().where('brief_id', '=', first.briefId).execute();
    expect(lineage).toHaveLength(data.observations.length);
    // Every lineage row points at a real observation.
    const orphans = await t.db
      .selectFrom('brief_observations as b')
      .leftJoin('observations as o', (j) =>
        j
          .onRef('o.release_id', '=', 'b.release_id')
          .onRef('o.entity_id', '=', 'b.entity_id')
          .onRef('o.period_year', '=', 'b.period_year')
          .onRef('o.period_first_month', '=', 'b.period_first_month')
          .onRef('o.period_last_month', '=', 'b.period_last_month')
          .onRef('o.metric', '=', 'b.metric'),
      )
      .select('b.brief_id')
      .where('o.release_id', 'is', null)
      .execute();
    expect(orphans).toEqual([]);

    // Same inputs, another run: the stored brief comes back, with its original run id inside.
    const again = await getOrRenderBrief(t.db, { entitySlug: 'biomedicale-mirandola', year: 2025, quarter: 1, lang: 'it', runId: 'run-b', codeVersion: '0.1.0' });
    expect(again).toMatchObject({ reused: true, briefId: first.briefId, sha256: first.sha256 });
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(await t.db.selectFrom('briefs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 1 });
  });

  it('renders anew when the language, code version or data change', async () => {
    const en = await getOrRenderBrief(t.db, { entitySlug: 'biomedicale-mirandola', lang: 'en', runId: 'run-c', codeVersion: '0.1.0' });
    expect(en.reused).toBe(false);
    const v2 = await getOrRenderBrief(t.db, { entitySlug: 'biomedicale-mirandola', lang: 'en', runId: 'run-c', codeVersion: '0.2.0' });
    expect(v2.reused).toBe(false);
    expect(v2.briefId).not.toBe(en.briefId);

    // A correction to a stored figure is new data: the hash moves, the brief is re-rendered.
    await t.db
      .updateTable('observations')
      .set({ value: 117.6 })
      .where('release_id', '=', fx.n69.id)
      .where('entity_id', '=', fx.entityIds['biomedicale-bologna']!)
      .where('period_year', '=', 2025)
      .where('period_first_month', '=', 1)
      .where('metric', '=', 'exports_meur')
      .execute();
    const changed = await getOrRenderBrief(t.db, { entitySlug: 'biomedicale-mirandola', lang: 'en', runId: 'run-d', codeVersion: '0.1.0' });
    expect(changed.reused).toBe(false);
    expect(changed.sha256).not.toBe(en.sha256);
  });
});
