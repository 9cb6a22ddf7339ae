import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { simulateScale } from '../../bench/load.ts';
import { syncRegistry } from '../../db/queries/entities.ts';
import { loadRelease } from '../../db/queries/releases.ts';
import { latestSeries, revisionHistory } from '../../db/queries/series.ts';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import { validateRelease } from '../../src/transform/validate/index.ts';

/** The benchmark's simulation, small: the shape it promises and that it loads like a real archive. */
describe('scale simulation (bench/load.ts)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.close();
  });

  it('has regions × entities × releases × window × 4 figures, minus the first releases’ short windows', () => {
    const sim = simulateScale({ regions: 2, entitiesPerRegion: 3, quarters: 10, window: 4 });
    expect(sim.releases).toHaveLength(20);
    // per region and entity: 10 releases × 4 quarters − (3 + 2 + 1) missing at the start = 34 quarter prints
    expect(sim.releases.reduce((n, r) => n + r.extracted.figures.length, 0)).toBe(2 * 3 * 34 * 4);
    // the registries are valid region registries whose releases pass membership
    const r = sim.releases[5]!;
    const findings = validateRelease(r.extracted, { registry: sim.registries[0]! });
    expect(findings.filter((f) => f.rule.startsWith('membership') || f.rule === 'entity-unknown')).toEqual([]);
    expect(sim.registries[0]!.region).not.toBe(EMILIA_ROMAGNA.region);
  });

  it('loads through loadRelease with up to `window` vintages per quarter', async () => {
    const sim = simulateScale({ regions: 1, entitiesPerRegion: 2, quarters: 6, window: 4 });
    for (const reg of sim.registries) await syncRegistry(t.db, reg);
    for (const r of sim.releases) {
      await t.db.insertInto('raw_documents').values({ sha256: r.extracted.documentSha256, bytes: Buffer.from('x'), byte_size: 1 }).execute();
      expect((await loadRelease(t.db, { release: r.extracted, source: 'bench', url: null, findings: [] })).status).toBe('loaded');
    }
    const entity = sim.registries[0]!.entities[0]!.slug;
    const h = await revisionHistory(t.db, { entity, period: '2011Q2', metric: 'exports_meur' });
    expect(h.map((x) => x.release.ref)).toEqual(['2011Q2', '2011Q3', '2011Q4', '2012Q1']);
    const latest = await latestSeries(t.db, { entity, metric: 'exports_meur' });
    expect(latest.map((x) => x.period)).toEqual(['2011Q1', '2011Q2', '2011Q3', '2011Q4', '2012Q1', '2012Q2']);
    expect(latest.find((x) => x.period === '2011Q2')!.releaseRef).toBe('2012Q1');
  });
});
