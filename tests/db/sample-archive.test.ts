import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import { periodCode } from '../../src/domain/period.ts';
import { syncRegistry } from '../../db/queries/entities.ts';
import { loadRelease } from '../../db/queries/releases.ts';
import { contentHashes } from '../../db/queries/observations.ts';
import { latestSeries, revisionHistory } from '../../db/queries/series.ts';
import { validateRelease, type PreviousVintage } from '../../src/transform/validate/index.ts';
import { sampleArchive, storeDocument } from './fixtures.ts';

/** Ingests the whole sample archive (as perfectly extracted), twice. */
describe('the sample archive on PostgreSQL', () => {
  let t: TestDb;
  const archive = sampleArchive();
  const ingestAll = async () => {
    const results = [];
    let previous: PreviousVintage | undefined;
    for (const [i, a] of archive.entries()) {
      const findings = validateRelease(a.release, { registry: EMILIA_ROMAGNA, previous });
      const r = await loadRelease(t.db, { release: a.release, source: 'sample', url: `http://sample/${a.id}.pdf`, publishedOn: a.publishedOn, findings });
      results.push(r);
      previous = { releaseId: i + 1, figures: a.release.figures.map((f) => ({ entity: f.entity, period: periodCode(f.period), metric: f.metric, value: f.value })) };
    }
    return results;
  };

  beforeAll(async () => {
    t = await createTestDb();
    await syncRegistry(t.db, EMILIA_ROMAGNA);
    for (const a of archive) await storeDocument(t.db, a.release);
  });
  afterAll(async () => {
    await t.close();
  });

  it('loads every release, and a second ingest leaves every table byte-for-byte the same', async () => {
    const first = await ingestAll();
    expect(first.every((r) => r.status === 'loaded')).toBe(true);
    const figures = archive.reduce((n, a) => n + a.release.figures.length, 0);
    expect(first.reduce((n, r) => n + r.observationsInserted, 0)).toBe(figures);
    const before = await contentHashes(t.db);
    const second = await ingestAll();
    expect(second.map((r) => r.releaseId)).toEqual(first.map((r) => r.releaseId));
    expect(second.reduce((n, r) => n + r.observationsInserted + r.observationsUpdated + r.observationsDeleted, 0)).toBe(0);
    expect(second.some((r) => r.releaseChanged)).toBe(false);
    expect(await contentHashes(t.db)).toEqual(before);
  });

  it('keeps both vintages of a restated quarter and serves the newest', async () => {
    const h = await revisionHistory(t.db, { entity: 'Biomedicale di Mirandola', period: '2024Q1', metric: 'exports_meur' });
    expect(h.map((r) => r.release.ref)).toEqual(['2024Q1', '2025Q1']);
    const latest = (await latestSeries(t.db, { entity: 'biomedicale-mirandola', metric: 'exports_meur' })).find((r) => r.period === '2024Q1')!;
    expect(latest.value).toBe(h[1]!.value);
    expect(latest.releaseRef).toBe('2025Q1');
  });
});
