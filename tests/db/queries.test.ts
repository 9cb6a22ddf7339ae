import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import { syncRegistry } from '../../db/queries/entities.ts';
import { loadRelease } from '../../db/queries/releases.ts';
import { latestSeries, revisionHistory, seriesAsOf, type SeriesRow } from '../../db/queries/series.ts';
import { briefLineage, figureLineage } from '../../db/queries/lineage.ts';
import { validateRelease } from '../../src/transform/validate/index.ts';
import type { ExtractedRelease } from '../../src/domain/release.ts';
import { buildRelease, setValue, storeDocument, valueOf } from './fixtures.ts';

const MIR = 'Biomedicale di Mirandola';
const ctx = { registry: EMILIA_ROMAGNA };

/** `period=value@release` for compact comparisons. */
const compact = (rows: SeriesRow[]) => rows.map((r) => `${r.period}=${r.value}@${r.release}`);

describe('vintages and as-of queries on PostgreSQL', () => {
  let t: TestDb;
  // A: 2024Q1 note (June 2024); C: 2024Q2 note (Oct 2024); B: 2025Q1 note (June 2025), which
  // restates 2024Q1 revised by +2 %; Q: a quarantined 2025Q2 note that must never show.
  const A = buildRelease({ year: 2024, quarter: 1, coverYear: 2024, coverMonth: 6 });
  const C = buildRelease({ year: 2024, quarter: 2, coverYear: 2024, coverMonth: 10, vintageFactor: 1.01 });
  const B = buildRelease({ year: 2025, quarter: 1, coverYear: 2025, coverMonth: 6, vintageFactor: 1.02 });
  const Q = setValue(buildRelease({ year: 2025, quarter: 2, coverYear: 2025, coverMonth: 10 }), MIR, '2025Q2', 'yoy_pct', 77);
  const ids: Record<string, number> = {};

  const load = async (name: string, r: ExtractedRelease, publishedOn: string) => {
    await storeDocument(t.db, r, 4242);
    const res = await loadRelease(t.db, { release: r, source: 'test', url: `http://pub/${name}.pdf`, publishedOn, findings: validateRelease(r, ctx) });
    ids[name] = res.releaseId;
    return res;
  };

  beforeAll(async () => {
    t = await createTestDb();
    await syncRegistry(t.db, EMILIA_ROMAGNA);
    await load('A', A, '2024-06-20');
    // loaded out of order on purpose: vintage order is the reference quarter, not load order
    await load('B', B, '2025-06-18');
    await load('C', C, '2024-10-25');
    expect((await load('Q', Q, '2025-10-30')).status).toBe('quarantined');
  });
  afterAll(async () => {
    await t.close();
  });

  it('a release restating a quarter adds a vintage and never overwrites', async () => {
    const a = valueOf(A, MIR, '2024Q1', 'exports_meur');
    const b = valueOf(B, MIR, '2024Q1', 'exports_meur');
    expect(b).not.toBe(a);
    const rows = await t.db
      .selectFrom('observations as o')
      .innerJoin('entities as e', 'e.id', 'o.entity_id')
      .select(['o.release_id', 'o.value'])
      .where('e.name', '=', MIR)
      .where('o.metric', '=', 'exports_meur')
      .where('o.period_year', '=', 2024)
      .where('o.period_first_month', '=', 1)
      .where('o.period_last_month', '=', 3)
      .orderBy('o.release_id')
      .execute();
    expect(rows).toEqual([
      { release_id: ids.A, value: a },
      { release_id: ids.B, value: b },
    ]);
  });

  it('latest: the newest loaded vintage of each figure', async () => {
    const rows = await latestSeries(t.db, { entity: 'biomedicale-mirandola', metric: 'exports_meur' });
    expect(compact(rows)).toEqual([
      `2023Q1=${valueOf(A, MIR, '2023Q1', 'exports_meur')}@${ids.A}`,
      `2023Q2=${valueOf(C, MIR, '2023Q2', 'exports_meur')}@${ids.C}`,
      `2024Q1=${valueOf(B, MIR, '2024Q1', 'exports_meur')}@${ids.B}`,
      `2024Q2=${valueOf(C, MIR, '2024Q2', 'exports_meur')}@${ids.C}`,
      `2025Q1=${valueOf(B, MIR, '2025Q1', 'exports_meur')}@${ids.B}`,
    ]);
    expect(rows[0]).toMatchObject({ entity: MIR, slug: 'biomedicale-mirandola', metric: 'exports_meur', derived: false, releaseCover: '2024-06', releaseRef: '2024Q1' });
  });

  it('latest without a metric covers every metric, never the quarantined release', async () => {
    const rows = await latestSeries(t.db, { entity: 'Polo biomedicale di Mirandola' });
    expect(new Set(rows.map((r) => r.metric))).toEqual(new Set(['exports_meur', 'yoy_pct', 'delta_meur']));
    expect(rows.some((r) => r.release === ids.Q)).toBe(false);
    expect(rows).toHaveLength(5 + 3 + 3);
  });

  it('as of a release: what was known right after it', async () => {
    expect(compact(await seriesAsOf(t.db, { entity: MIR, metric: 'exports_meur', asOfReleaseId: ids.A }))).toEqual([
      `2023Q1=${valueOf(A, MIR, '2023Q1', 'exports_meur')}@${ids.A}`,
      `2024Q1=${valueOf(A, MIR, '2024Q1', 'exports_meur')}@${ids.A}`,
    ]);
    expect(compact(await seriesAsOf(t.db, { entity: MIR, metric: 'exports_meur', asOfReleaseId: ids.C }))).toEqual([
      `2023Q1=${valueOf(A, MIR, '2023Q1', 'exports_meur')}@${ids.A}`,
      `2023Q2=${valueOf(C, MIR, '2023Q2', 'exports_meur')}@${ids.C}`,
      `2024Q1=${valueOf(A, MIR, '2024Q1', 'exports_meur')}@${ids.A}`,
      `2024Q2=${valueOf(C, MIR, '2024Q2', 'exports_meur')}@${ids.C}`,
    ]);
  });

  it.each([
    ['2024-01-01', []],
    ['2024-06-19', []],
    ['2024-06-20', ['A']],
    ['2025-01-01', ['A', 'C']],
    ['2030-01-01', ['A', 'C', 'B']],
  ])('as of date %s sees releases %j', async (date, visible) => {
    const rows = await seriesAsOf(t.db, { entity: MIR, metric: 'exports_meur', asOfDate: date });
    expect([...new Set(rows.map((r) => r.release))].sort()).toEqual(visible.map((v) => ids[v]!).sort());
    if (visible.length === 3) expect(rows).toEqual(await latestSeries(t.db, { entity: MIR, metric: 'exports_meur' }));
  });

  it('with no bound, as-of equals latest', async () => {
    expect(await seriesAsOf(t.db, { entity: MIR })).toEqual(await latestSeries(t.db, { entity: MIR }));
  });

  it('revision history: each vintage with its release, oldest first', async () => {
    const h = await revisionHistory(t.db, { entity: MIR, period: '2024Q1', metric: 'exports_meur' });
    const a = valueOf(A, MIR, '2024Q1', 'exports_meur');
    const b = valueOf(B, MIR, '2024Q1', 'exports_meur');
    expect(h.map((r) => [r.release.id, r.value, r.revision])).toEqual([
      [ids.A, a, null],
      [ids.B, b, Math.round((b - a) * 1e6) / 1e6],
    ]);
    expect(h[1]!.release).toMatchObject({ cover: '2025-06', ref: '2025Q1', noteNumber: 'n. 68', publishedOn: '2025-06-18', url: 'http://pub/B.pdf' });
  });

  it('lineage: from a figure to its release, document, page and cell', async () => {
    const l = await figureLineage(t.db, { entity: MIR, period: '2024Q1', metric: 'exports_meur' });
    const f = B.figures.find((x) => x.entity === MIR && x.metric === 'exports_meur' && x.period.year === 2024)!;
    expect(l).toEqual({
      entity: MIR,
      period: '2024Q1',
      metric: 'exports_meur',
      value: f.value,
      derived: false,
      release: { id: ids.B, title: B.meta.title, url: 'http://pub/B.pdf', note_number: 'n. 68', data_cutoff: B.meta.dataCutoff },
      document: { sha256: B.documentSha256, byte_size: 4242 },
      page: 4,
      table_id: 'p4-poli',
      row_label: MIR,
      column_label: '2024Q1 | exports_meur',
      raw_text: f.provenance.rawText,
      x: f.provenance.x,
      y: f.provenance.y,
    });
    const old = await figureLineage(t.db, { entity: MIR, period: '2024Q1', metric: 'exports_meur', releaseId: ids.A });
    expect(old).toMatchObject({ value: valueOf(A, MIR, '2024Q1', 'exports_meur'), release: { id: ids.A }, document: { sha256: A.documentSha256 } });
    expect(await figureLineage(t.db, { entity: MIR, period: '2019Q1', metric: 'exports_meur' })).toBeUndefined();
  });

  it('brief lineage: every figure a brief used, with its cell', async () => {
    const mir = await t.db.selectFrom('entities').select('id').where('slug', '=', 'biomedicale-mirandola').executeTakeFirstOrThrow();
    const brief = await t.db
      .insertInto('briefs')
      .values({ entity_id: mir.id, period_year: 2025, period_quarter: 1, lang: 'it', inputs_hash: 'h1', sha256: 'b'.repeat(64), bytes: Buffer.from('%PDF'), based_on_release_id: ids.B! })
      .returning('id')
      .executeTakeFirstOrThrow();
    const used = [
      { release_id: ids.B!, period_year: 2025, metric: 'exports_meur' as const },
      { release_id: ids.B!, period_year: 2025, metric: 'yoy_pct' as const },
      { release_id: ids.A!, period_year: 2024, metric: 'exports_meur' as const },
      // a figure release A never printed (as if re-extracted without it): still listed, value null
      { release_id: ids.A!, period_year: 2019, metric: 'exports_meur' as const },
    ];
    await t.db
      .insertInto('brief_observations')
      .values(used.map((u) => ({ brief_id: brief.id, entity_id: mir.id, period_first_month: 1, period_last_month: 3, ...u })))
      .execute();
    const l = await briefLineage(t.db, brief.id);
    expect(l.map((x) => `${x.period} ${x.metric} ${x.value} r${x.release.id} p${x.page} ${x.raw_text}`)).toEqual([
      `2019Q1 exports_meur null r${ids.A} pnull null`,
      `2024Q1 exports_meur ${valueOf(A, MIR, '2024Q1', 'exports_meur')} r${ids.A} p4 ${A.figures.find((f) => f.entity === MIR && f.metric === 'exports_meur' && f.period.year === 2024)!.provenance.rawText}`,
      `2025Q1 exports_meur ${valueOf(B, MIR, '2025Q1', 'exports_meur')} r${ids.B} p4 ${B.figures.find((f) => f.entity === MIR && f.metric === 'exports_meur' && f.period.year === 2025)!.provenance.rawText}`,
      `2025Q1 yoy_pct ${valueOf(B, MIR, '2025Q1', 'yoy_pct')} r${ids.B} p4 ${B.figures.find((f) => f.entity === MIR && f.metric === 'yoy_pct')!.provenance.rawText}`,
    ]);
    expect(l[1]!.document).toEqual({ sha256: A.documentSha256, byte_size: 4242 });
  });
});
