import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { assembleBriefData } from '../../src/report/assemble.ts';
import { formatTableLevel, quarterlyTable } from '../../src/report/tables.ts';
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

describe('brief tables (issue 11, item 8)', () => {
  it('prints every level with one decimal: 131,0 and 162,0 stand among 138,5', () => {
    expect(formatTableLevel(131, 'it')).toBe('131,0');
    expect(formatTableLevel(162, 'en')).toBe('162.0');
    expect(formatTableLevel(4878.25, 'it')).toBe('4.878,3');
    expect(formatTableLevel(null, 'it')).toBe('–');
    const { rows } = quarterlyTable(data, 'it');
    const levels = rows.flatMap((r) => r.slice(1).filter((_, i) => i % 2 === 0)).filter((c) => c !== '–');
    expect(levels.length).toBeGreaterThan(40);
    for (const c of levels) expect(c).toMatch(/^\u2212?\d{1,3}(\.\d{3})*,\d$/);
    expect(rows[0]![0]).toBe('1° trim. 2025');
    expect(rows[0]![1]).toBe('131,0');
  });

  it('records which release each value of a quarter comes from', () => {
    const q4 = data.series.find((p) => p.slug === 'biomedicale-mirandola' && p.year === 2024 && p.quarter === 4)!;
    // n. 69 reprints 2024Q4 with both figures revised: one note for both, so no mark.
    expect(q4).toMatchObject({ exportsMeur: 145, exportsReleaseId: fx.n69.id, yoyReleaseId: fx.n69.id });
    expect(quarterlyTable(data, 'en').footnotes).toEqual([]);
  });

  it('says which note each comes from when a level was revised after its change was published', () => {
    const series = data.series.map((p) =>
      p.slug === 'biomedicale-mirandola' && p.year === 2024 && p.quarter === 4 ? { ...p, yoyReleaseId: fx.n68.id, yoyPct: 13.5 } : p,
    );
    const mixed = { ...data, series, releases: data.releases.some((r) => r.id === fx.n68.id) ? data.releases : [...data.releases, { ...data.release, id: fx.n68.id, noteNumber: 'n. 68' }] };
    const it = quarterlyTable(mixed, 'it');
    const row = it.rows.find((r) => r[0]!.startsWith('4° trim. 2024'))!;
    expect(row[0]).toBe('4° trim. 2024 *');
    expect(row.slice(1, 3)).toEqual(['145,0', '+13,5%']);
    expect(it.footnotes).toEqual(['* 4° trim. 2024, Biomedicale di Mirandola: livello dalla nota n. 69 (rivisto), variazione % dalla nota n. 68.']);
    expect(quarterlyTable(mixed, 'en').footnotes[0]).toMatch(/^\* Q4 2024, .*: level from note n\. 69 \(revised\), % change from note n\. 68\.$/);
  });
});
