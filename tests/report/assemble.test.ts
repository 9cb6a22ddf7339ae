import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { assembleBriefData } from '../../src/report/assemble.ts';
import { computeKeyMessages, streakOf, hubsAverage, pointAt } from '../../src/report/key-messages.ts';
import { BriefDataError } from '../../src/report/errors.ts';
import type { BriefData } from '../../src/report/types.ts';
import { insertFixture, type Fixture } from './fixture.ts';

let t: TestDb;
let fx: Fixture;
let data: BriefData;

beforeAll(async () => {
  t = await createTestDb();
  fx = await insertFixture(t.db, { source: 'sample' });
  data = await assembleBriefData(t.db, { entitySlug: 'biomedicale-mirandola' });
});
afterAll(async () => {
  await t?.close();
});

describe('assembleBriefData', () => {
  it('defaults to the latest quarter of a loaded release (the quarantined n. 70 is ignored)', () => {
    expect([data.year, data.quarter]).toEqual([2025, 1]);
    expect(data.release).toMatchObject({ id: fx.n69.id, noteNumber: 'n. 69', dataCutoff: '2025-06-10', refYear: 2025, refQuarter: 1 });
    expect(data.release.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(data.previousRelease?.noteNumber).toBe('n. 68');
    expect(data.sample).toBe(true);
    expect(data.anyDerived).toBe(false);
  });

  it('carries 5 years of quarters for the entity, the other hubs and the regional total', () => {
    expect(data.peers.map((e) => e.slug)).toEqual(['biomedicale-mirandola', 'biomedicale-bologna', 'ict-bologna-modena']);
    expect(data.regionalTotal?.slug).toBe('er-totale-distretti');
    const mine = data.series.filter((p) => p.slug === 'biomedicale-mirandola');
    expect(mine).toHaveLength(20);
    expect(mine[0]).toMatchObject({ year: 2020, quarter: 2 });
    expect(pointAt(data, 'biomedicale-mirandola', 2024, 1)).toMatchObject({ exportsMeur: 162, yoyPct: 19.9 });
    expect(pointAt(data, 'biomedicale-mirandola', 2025, 1)).toMatchObject({ exportsMeur: 131, yoyPct: -19.1 });
    // The newest vintage wins: n. 69 revised 2024Q4 from 143 to 145.
    expect(pointAt(data, 'biomedicale-mirandola', 2024, 4)).toMatchObject({ exportsMeur: 145, yoyPct: 15.1 });
    expect(data.series).toHaveLength(4 * 20);
  });

  it('ranks the latest yoy of every member hub and district, highest first', () => {
    expect(data.latestYoy).toHaveLength(3 + 19); // ceramic machinery (ACIMAC) left the notes after 2021
    const values = data.latestYoy.map((x) => x.yoyPct);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    expect(data.latestYoy.at(-1)).toMatchObject({ slug: 'biomedicale-mirandola', yoyPct: -19.1, exportsMeur: 131 });
  });

  it('lists revisions against the previous note and the releases used, with pages', () => {
    expect(data.revisions).toEqual([
      { slug: 'biomedicale-mirandola', name: 'Biomedicale di Mirandola', year: 2024, quarter: 4, metric: 'exports_meur', previous: 143, current: 145, previousReleaseId: fx.n68.id },
      { slug: 'biomedicale-mirandola', name: 'Biomedicale di Mirandola', year: 2024, quarter: 4, metric: 'yoy_pct', previous: 13.5, current: 15.1, previousReleaseId: fx.n68.id },
    ]);
    expect(data.releases.map((r) => [r.noteNumber, r.pages])).toEqual([
      ['n. 69', [2, 3, 4]],
      ['n. 68', [4]],
    ]);
    // Lineage: 4 series × 20 quarters × 2 metrics + 19 districts' yoy + the 2 superseded values.
    expect(data.observations).toHaveLength(160 + 19 + 2);
    expect(data.observations.filter((o) => o.releaseId === fx.n68.id)).toHaveLength(2);
  });

  it('builds a brief for an earlier quarter as of its own note', async () => {
    const old = await assembleBriefData(t.db, { entitySlug: 'biomedicale-mirandola', year: 2024, quarter: 4 });
    expect(old.release.noteNumber).toBe('n. 68');
    expect(old.previousRelease).toBeNull();
    expect(old.revisions).toEqual([]);
    expect(pointAt(old, 'biomedicale-mirandola', 2024, 4)).toMatchObject({ exportsMeur: 143, yoyPct: 13.5 });
  });

  it('fails with stable codes on unknown entities and missing quarters', async () => {
    await expect(assembleBriefData(t.db, { entitySlug: 'nope' })).rejects.toMatchObject({ code: 'REPORT_UNKNOWN_ENTITY' });
    const err = await assembleBriefData(t.db, { entitySlug: 'biomedicale-mirandola', year: 2025, quarter: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BriefDataError);
    expect(err).toMatchObject({ code: 'REPORT_NO_DATA', disposition: 'not-retryable' });
    await expect(assembleBriefData(t.db, { entitySlug: 'biomedicale-mirandola', quarter: 2 })).rejects.toMatchObject({ code: 'REPORT_BAD_REQUEST' });
  });
});

describe('computeKeyMessages (fixture numbers)', () => {
  it('states level and yoy change: 131 M€ in 2025Q1, −19.1% on 162 M€', () => {
    const [level] = computeKeyMessages(data, 'it');
    expect(level!.kind).toBe('level');
    expect(level!.figures).toEqual({ exportsMeur: 131, yoyPct: -19.1, previousYearExportsMeur: 162 });
    expect(level!.text).toBe(
      'Nel 1° trimestre 2025 le esportazioni di Biomedicale di Mirandola sono state pari a 131 milioni di euro, \u221219,1% rispetto al 1° trimestre 2024 (162 milioni di euro).',
    );
    expect(computeKeyMessages(data, 'en')[0]!.text).toBe(
      'In the first quarter of 2025 Biomedicale di Mirandola exported €131 million, \u221219.1% on the first quarter of 2024 (€162 million).',
    );
  });

  it('ranks the entity among the hubs and among all hubs and districts', () => {
    const rank = computeKeyMessages(data, 'en').find((m) => m.kind === 'rank')!;
    // Bologna biomedical and ICT both did better than −19.1%; by value ICT (265.9) > Mirandola (131) > Bologna (117.5).
    expect(rank.figures).toEqual({ rankYoy: 3, rankLevel: 2, peers: 3, rankAll: 22, all: 22 });
    expect(rank.text).toContain('ranks 3rd for year-on-year change and 2nd for export value; 22nd of 22');
  });

  it('measures the gap to the hubs’ simple average and to the districts total', () => {
    const hubs = ['biomedicale-mirandola', 'biomedicale-bologna', 'ict-bologna-modena'].map((s) => pointAt(data, s, 2025, 1)!.yoyPct!);
    const mean = hubs.reduce((a, b) => a + b, 0) / 3;
    const total = pointAt(data, 'er-totale-distretti', 2025, 1)!.yoyPct!;
    expect(hubsAverage(data)!.mean).toBeCloseTo(mean, 10);
    const gap = computeKeyMessages(data, 'it').find((m) => m.kind === 'gap')!;
    expect(gap.figures.gapToHubsAverage).toBeCloseTo(-19.1 - mean, 10);
    expect(gap.figures.gapToRegionalTotal).toBeCloseTo(-19.1 - total, 10);
    expect(gap.text).toContain('sotto la media dei poli tecnologici');
  });

  it('finds the first decline after 16 quarters of growth (2021Q1–2024Q4)', () => {
    expect(streakOf(data)).toEqual({ direction: 'decline', length: 1, open: false, before: { direction: 'growth', length: 16, open: false } });
    const streak = computeKeyMessages(data, 'it').find((m) => m.kind === 'streak')!;
    expect(streak.text).toBe('Primo trimestre di calo tendenziale dopo 16 trimestri di crescita.');
  });

  it('reports the 2024Q4 revision from 143 to 145 since note n. 68', () => {
    const rev = computeKeyMessages(data, 'it').find((m) => m.kind === 'revisions')!;
    expect(rev.figures).toEqual({ revisions: 2, entityRevisions: 2 });
    expect(rev.text).toContain('n. 68, aprile 2025');
    expect(rev.text).toContain('da 143 a 145 milioni di euro');
    expect(computeKeyMessages(data, 'en').find((m) => m.kind === 'revisions')!.text).toContain('from €143 million to €145 million');
  });

  it('gives 5 messages in both languages', () => {
    expect(computeKeyMessages(data, 'it').map((m) => m.kind)).toEqual(['level', 'rank', 'gap', 'streak', 'revisions']);
    expect(computeKeyMessages(data, 'en')).toHaveLength(5);
  });
});
