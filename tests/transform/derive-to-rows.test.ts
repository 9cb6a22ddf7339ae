import { describe, expect, it } from 'vitest';
import { toRows, UnknownEntityError } from '../../src/transform/to-rows.ts';
import { buildRelease, withFigures } from '../db/fixtures.ts';

/** toRows: the pure mapping of an extracted release to database rows (derived quarters included). */
describe('toRows', () => {
  const ids = new Map<string, number>();
  const idOf = (name: string): number | undefined => {
    if (name.startsWith('Unknown')) return undefined;
    if (!ids.has(name)) ids.set(name, ids.size + 1);
    return ids.get(name);
  };

  it('maps release metadata and every figure with its provenance', () => {
    const r = buildRelease({ year: 2025, quarter: 1 });
    const rows = toRows(r, idOf, { source: 'sample', url: 'http://x/a.pdf', publishedOn: '2025-06-20' });
    expect(rows.release).toMatchObject({
      source: 'sample',
      series: 'monitor-distretti-emilia-romagna',
      cover_year: 2025,
      ref_year: 2025,
      ref_quarter: 1,
      note_number: 'n. 68',
      published_on: '2025-06-20',
      document_sha256: r.documentSha256,
    });
    expect(JSON.parse(rows.release.fingerprint)).toEqual(r.fingerprint);
    expect(rows.observations).toHaveLength(r.figures.length);
    const f = r.figures[0]!;
    expect(rows.observations[0]).toEqual({
      entity_id: ids.get(f.entity),
      period_year: 2025,
      period_first_month: 1,
      period_last_month: 3,
      metric: f.metric,
      value: f.value,
      derived: false,
      page: f.provenance.page,
      x: f.provenance.x,
      y: f.provenance.y,
      table_id: f.provenance.tableId,
      row_label: f.provenance.rowLabel,
      column_label: f.provenance.columnLabel,
      raw_text: f.provenance.rawText,
    });
    expect(rows.entityIds).toHaveLength(28);
  });

  it('keeps the first of repeated figures, so one INSERT never hits the same key twice', () => {
    const r = buildRelease({ year: 2025, quarter: 1 });
    const twice = withFigures(r, (fs) => [...fs, { ...fs[0]!, value: 999 }]);
    const rows = toRows(twice, idOf, { source: 's', url: null });
    expect(rows.observations).toHaveLength(r.figures.length);
    expect(rows.observations[0]!.value).toBe(r.figures[0]!.value);
  });

  it('appends quarters derived within the release, marked derived, with their recipe', () => {
    // A Q2 note printing H1 and Q1 but not Q2 itself: Q2 = H1 − Q1 (levels both years, € change this year)
    const full = buildRelease({ year: 2024, quarter: 2, cumulative: true, printQ1: true });
    const r = withFigures(full, (fs) => fs.filter((f) => f.period.firstMonth !== 4));
    const derived = toRows(r, idOf, { source: 's', url: null }).observations.filter((o) => o.derived);
    expect(derived).toHaveLength(28 * 3);
    expect(new Set(derived.map((o) => `${o.period_year}M${o.period_first_month}-${o.period_last_month} ${o.metric}`))).toEqual(
      new Set(['2024M4-6 exports_meur', '2023M4-6 exports_meur', '2024M4-6 delta_meur']),
    );
    expect(derived[0]).toMatchObject({ page: null, raw_text: null, column_label: expect.stringMatching(/^derived: \d{4}M01-06 − \d{4}Q1 \(\d{4}Q2\)$/) });
    // a Q3 note (Jan–Sep but no H1) derives nothing
    const q3 = withFigures(buildRelease({ year: 2024, quarter: 3, cumulative: true }), (fs) => fs.filter((f) => f.period.firstMonth !== 7));
    expect(toRows(q3, idOf, { source: 's', url: null }).observations.filter((o) => o.derived)).toEqual([]);
  });

  it('an unknown entity is an error, never a silent drop', () => {
    const r = withFigures(buildRelease({ year: 2025, quarter: 1 }), (fs) => [...fs, { ...fs[0]!, entity: 'Unknown district' }]);
    expect(() => toRows(r, idOf, { source: 's', url: null })).toThrow(UnknownEntityError);
    try {
      toRows(r, idOf, { source: 's', url: null });
    } catch (e) {
      expect((e as UnknownEntityError).code).toBe('ENTITY_UNKNOWN');
      expect((e as UnknownEntityError).context).toEqual({ entity: 'Unknown district', region: 'emilia-romagna' });
    }
  });
});
