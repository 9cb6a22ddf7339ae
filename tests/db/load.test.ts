import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import { syncRegistry } from '../../db/queries/entities.ts';
import { loadRelease, releaseFindings, setReleaseStatus, upsertReleaseStub, ReleaseRowNotFoundError } from '../../db/queries/releases.ts';
import { contentHashes } from '../../db/queries/observations.ts';
import { validateRelease } from '../../src/transform/validate/index.ts';
import { UnknownEntityError } from '../../src/transform/to-rows.ts';
import { buildRelease, setValue, storeDocument, valueOf, withFigures } from './fixtures.ts';

const MIR = 'Biomedicale di Mirandola';
const ctx = { registry: EMILIA_ROMAGNA };

describe('loadRelease on PostgreSQL', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    await syncRegistry(t.db, EMILIA_ROMAGNA);
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async (table: 'observations' | 'releases' | 'validation_findings' | 'release_entities') =>
    Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n);

  it('loads a clean release once, and a second load changes nothing at all', async () => {
    const r = buildRelease({ year: 2023, quarter: 2, cumulative: true, printQ1: true });
    await storeDocument(t.db, r);
    const first = await loadRelease(t.db, { release: r, source: 'test', url: 'http://x/a.pdf', publishedOn: '2023-10-20', findings: validateRelease(r, ctx) });
    expect(first.status).toBe('loaded');
    // Q2 itself is printed, so nothing is derived: one row per printed figure
    expect(first.observationsInserted).toBe(r.figures.length);
    expect(first.observationsUnchanged).toBe(0);
    expect(await count('release_entities')).toBe(28); // 3 hubs, 19 districts, 6 aggregates

    const before = await contentHashes(t.db);
    const again = await loadRelease(t.db, { release: r, source: 'test', url: 'http://x/a.pdf', publishedOn: '2023-10-20', findings: validateRelease(r, ctx) });
    expect(again).toMatchObject({
      releaseId: first.releaseId,
      status: 'loaded',
      observationsInserted: 0,
      observationsUpdated: 0,
      observationsDeleted: 0,
      observationsUnchanged: first.observationsInserted,
      releaseChanged: false,
    });
    expect(await contentHashes(t.db)).toEqual(before);
  });

  it('stores quarters derived within the release, flagged derived, with their recipe', async () => {
    // A Q2 release that prints H1 and Q1 but not Q2: Q2 = H1 − Q1 for levels and € changes.
    const full = buildRelease({ year: 2024, quarter: 2, cumulative: true, printQ1: true, coverMonth: 11 });
    const r = withFigures(full, (fs) => fs.filter((f) => !(f.period.firstMonth === 4 && f.period.lastMonth === 6)));
    await storeDocument(t.db, r);
    const res = await loadRelease(t.db, { release: r, source: 'test', url: null, findings: [] });
    // 28 entities × (exports 2024Q2, exports 2023Q2, delta 2024Q2); the Q1/H1 delta of 2023 is not printed
    expect(res.observationsInserted).toBe(r.figures.length + 28 * 3);
    const rows = await t.db
      .selectFrom('observations as o')
      .innerJoin('entities as e', 'e.id', 'o.entity_id')
      .select(['o.value', 'o.derived', 'o.page', 'o.column_label'])
      .where('o.release_id', '=', res.releaseId)
      .where('e.name', '=', MIR)
      .where('o.metric', '=', 'exports_meur')
      .where('o.period_year', '=', 2024)
      .where('o.period_first_month', '=', 4)
      .where('o.period_last_month', '=', 6)
      .execute();
    const h1 = valueOf(r, MIR, '2024M01-06', 'exports_meur');
    const q1 = valueOf(r, MIR, '2024Q1', 'exports_meur');
    expect(rows).toEqual([{ value: Math.round((h1 - q1) * 10) / 10, derived: true, page: null, column_label: 'derived: 2024M01-06 − 2024Q1 (2024Q2)' }]);
  });

  it('round-trips awkward provenance text and float values exactly through the bulk path', async () => {
    const r0 = buildRelease({ year: 2019, quarter: 3 });
    const odd = ['say "ciao", {a,b}', 'back\\slash \\"', 'NULL', '', 'Forlì – ¹ € −3,9 %', "l'imballaggio\ttab"];
    const r = withFigures(r0, (fs) =>
      fs.map((f, i) =>
        i < odd.length ? { ...f, value: i === 0 ? 0.1 + 0.2 : f.value, provenance: { ...f.provenance, rowLabel: odd[i]!, rawText: odd[(i + 1) % odd.length]!, x: 1e-7 * (i + 1) } } : f,
      ),
    );
    await storeDocument(t.db, r);
    const res = await loadRelease(t.db, { release: r, source: 'test', url: null, findings: [] });
    const stored = await t.db
      .selectFrom('observations')
      .select(['row_label', 'raw_text', 'x', 'value'])
      .where('release_id', '=', res.releaseId)
      .where('row_label', 'in', odd)
      .execute();
    expect(stored).toHaveLength(odd.length);
    for (const [i, label] of odd.entries()) {
      const row = stored.find((s) => s.row_label === label)!;
      expect(row).toEqual({ row_label: label, raw_text: odd[(i + 1) % odd.length], x: 1e-7 * (i + 1), value: i === 0 ? 0.1 + 0.2 : r.figures[i]!.value });
    }
    const again = await loadRelease(t.db, { release: r, source: 'test', url: null, findings: [] });
    expect(again.observationsUpdated + again.observationsInserted).toBe(0);
  });

  it('rolls back everything when a row fails mid-load (check constraint)', async () => {
    const r = buildRelease({ year: 2023, quarter: 3 });
    await storeDocument(t.db, r);
    const bad = withFigures(r, (fs) => [...fs, { ...fs[5]!, metric: 'vs2019_pct', period: { year: 2023, firstMonth: 13, lastMonth: 13 }, value: 1 }]);
    const before = await contentHashes(t.db);
    await expect(
      loadRelease(t.db, { release: bad, source: 'test', url: null, findings: [{ rule: 'revision-large', severity: 'warning', message: 'm', count: 1, samples: [] }] }),
    ).rejects.toThrow(/period_first_month|check constraint/);
    expect(await contentHashes(t.db)).toEqual(before);
    const rel = await t.db.selectFrom('releases').select('id').where('ref_year', '=', 2023).where('ref_quarter', '=', 3).execute();
    expect(rel).toEqual([]);
  });

  it('rolls back everything on a foreign-key violation (document not stored)', async () => {
    const r = { ...buildRelease({ year: 2019, quarter: 1 }), documentSha256: 'f'.repeat(64) };
    const before = await contentHashes(t.db);
    await expect(loadRelease(t.db, { release: r, source: 'test', url: null, findings: [] })).rejects.toThrow(/foreign key/);
    expect(await contentHashes(t.db)).toEqual(before);
  });

  it('rolls back on an entity the database does not know', async () => {
    const r = buildRelease({ year: 2019, quarter: 2 });
    await storeDocument(t.db, r);
    const bad = withFigures(r, (fs) => [...fs, { ...fs[0]!, entity: 'Distretto fantasma', metric: 'vs2019_pct' }]);
    const before = await contentHashes(t.db);
    await expect(loadRelease(t.db, { release: bad, source: 'test', url: null, findings: [] })).rejects.toBeInstanceOf(UnknownEntityError);
    expect(await contentHashes(t.db)).toEqual(before);
  });

  it('quarantines on an error finding: findings stored, no observations', async () => {
    const r = setValue(buildRelease({ year: 2020, quarter: 1 }), MIR, '2020Q1', 'yoy_pct', 55);
    await storeDocument(t.db, r);
    const obsBefore = await count('observations');
    const findings = validateRelease(r, ctx);
    expect(findings.map((f) => f.rule)).toEqual(['yoy-vs-levels']);
    const res = await loadRelease(t.db, { release: r, source: 'test', url: 'http://x/q.pdf', findings });
    expect(res).toMatchObject({ status: 'quarantined', observationsInserted: 0 });
    expect(await count('observations')).toBe(obsBefore);
    const rel = await t.db.selectFrom('releases').selectAll().where('id', '=', res.releaseId).executeTakeFirstOrThrow();
    expect(rel.status).toBe('quarantined');
    expect(rel.document_sha256).toBe(r.documentSha256);
    expect(rel.status_detail).toMatchObject({ errors: 1, warnings: 0, rules: ['yoy-vs-levels'] });
    const stored = await releaseFindings(t.db, res.releaseId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ rule: 'yoy-vs-levels', severity: 'error', details: { count: 1, samples: [{ entity: MIR, value: 55, page: 4 }] } });

    // Fixed extraction of the same release: loads, findings replaced by none.
    const fixed = buildRelease({ year: 2020, quarter: 1 });
    const ok = await loadRelease(t.db, { release: fixed, source: 'test', url: 'http://x/q.pdf', findings: validateRelease(fixed, ctx) });
    expect(ok).toMatchObject({ releaseId: res.releaseId, status: 'loaded' });
    expect(ok.observationsInserted).toBe(fixed.figures.length);
    expect(await releaseFindings(t.db, res.releaseId)).toEqual([]);

    // And quarantining it again removes its observations: no half-visible vintage.
    const again = await loadRelease(t.db, { release: r, source: 'test', url: 'http://x/q.pdf', findings });
    expect(again.observationsDeleted).toBe(fixed.figures.length);
    expect(await count('observations')).toBe(obsBefore);
  });

  it('a re-extraction of the same release updates differing rows in place and drops vanished ones', async () => {
    const r = buildRelease({ year: 2021, quarter: 1 });
    await storeDocument(t.db, r);
    const first = await loadRelease(t.db, { release: r, source: 'test', url: null, findings: [] });
    const v = valueOf(r, MIR, '2021Q1', 'yoy_pct');
    const changed = withFigures(setValue(r, MIR, '2021Q1', 'yoy_pct', v + 0.1), (fs) =>
      fs.filter((f) => !(f.entity === 'Salumi di Parma' && f.metric === 'delta_meur')),
    );
    const res = await loadRelease(t.db, { release: changed, source: 'test', url: null, findings: [] });
    expect(res).toMatchObject({ releaseId: first.releaseId, observationsInserted: 0, observationsUpdated: 1, observationsDeleted: 1 });
    expect(res.observationsUnchanged).toBe(r.figures.length - 2);
  });

  it('keeps warnings with a loaded release, and a reload keeps their ids', async () => {
    const r = buildRelease({ year: 2022, quarter: 1 });
    await storeDocument(t.db, r);
    const warn = [{ rule: 'revision-large', severity: 'warning' as const, message: 'x: 1 item', count: 1, samples: [{ entity: MIR, period: '2021Q1', value: 1 }] }];
    const a = await loadRelease(t.db, { release: r, source: 'test', url: null, findings: warn });
    expect(a.status).toBe('loaded');
    const ids1 = await t.db.selectFrom('validation_findings').select(['id', 'created_at']).where('release_id', '=', a.releaseId).execute();
    const b = await loadRelease(t.db, { release: r, source: 'test', url: null, findings: warn });
    expect(b.releaseChanged).toBe(false);
    expect(await t.db.selectFrom('validation_findings').select(['id', 'created_at']).where('release_id', '=', a.releaseId).execute()).toEqual(ids1);
  });

  it('stubs a discovered release, quarantines it keeping the document, then loads it on the same row', async () => {
    const r = buildRelease({ year: 2018, quarter: 4 });
    await storeDocument(t.db, r);
    const stub = {
      source: 'test',
      series: r.meta.series,
      region: r.meta.region,
      title: 'Monitor (listing)',
      coverYear: r.meta.coverYear,
      coverMonth: r.meta.coverMonth,
      url: 'http://x/2018q4.pdf',
      publishedOn: '2019-04-02',
    };
    const id = await upsertReleaseStub(t.db, stub);
    expect(await upsertReleaseStub(t.db, stub)).toBe(id);
    const before = await t.db.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(before).toMatchObject({ status: 'discovered', document_sha256: null, published_on: '2019-04-02' });
    expect(await upsertReleaseStub(t.db, { ...stub, documentSha256: r.documentSha256 })).toBe(id);

    await setReleaseStatus(t.db, id, 'quarantined', { code: 'EXTRACT_LAYOUT_DRIFT', page: 3 });
    const q = await t.db.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(q).toMatchObject({ status: 'quarantined', document_sha256: r.documentSha256, status_detail: { code: 'EXTRACT_LAYOUT_DRIFT', page: 3 } });
    // a stub upsert after that keeps the status
    await upsertReleaseStub(t.db, stub);
    expect((await t.db.selectFrom('releases').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('quarantined');

    const loaded = await loadRelease(t.db, { release: r, source: 'test', url: null, findings: [] });
    expect(loaded.releaseId).toBe(id);
    const after = await t.db.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    // the listing's url and date survive a load that was given none
    expect(after).toMatchObject({ status: 'loaded', url: 'http://x/2018q4.pdf', published_on: '2019-04-02', ref_year: 2018, ref_quarter: 4, title: r.meta.title });

    await expect(setReleaseStatus(t.db, 999_999, 'failed', null)).rejects.toBeInstanceOf(ReleaseRowNotFoundError);
  });
});
