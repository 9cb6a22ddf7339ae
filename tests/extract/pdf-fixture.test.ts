import { beforeAll, describe, expect, it } from 'vitest';
import { periodCode } from '../../src/domain/period.ts';
import type { ExtractedRelease } from '../../src/domain/release.ts';
import { extractRelease, LayoutDriftError, UnknownEntityError } from '../../src/extract/pdf/index.ts';
import { fixtureExpected, fixtureRows, renderFixturePdf } from './pdf-fixture.ts';

const OPTS = { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' } as const;
const key = (f: ExtractedRelease['figures'][number]): string => `${f.entity}|${periodCode(f.period)}|${f.metric}|${f.value}`;

async function driftOf(bytes: Uint8Array, opts: Parameters<typeof extractRelease>[1] = OPTS): Promise<LayoutDriftError> {
  const err = await extractRelease(bytes, opts).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LayoutDriftError);
  return err as LayoutDriftError;
}

describe('extractRelease on a layout of its own (pdfkit fixture)', () => {
  let bytes: Uint8Array;
  let release: ExtractedRelease;
  beforeAll(async () => {
    bytes = await renderFixturePdf();
    release = await extractRelease(bytes, OPTS);
  });

  it('reads every figure exactly: columns in another order, years above "1° trim.", wrapped names, aliases, split table', () => {
    const { districts, hubs } = fixtureRows();
    expect(new Set(release.figures.map(key))).toEqual(new Set(fixtureExpected([...districts, ...hubs])));
    expect(release.figures).toHaveLength(fixtureExpected([...districts, ...hubs]).length);
  });

  it('continues a table on the next page even without its heading repeated', async () => {
    const r = await extractRelease(await renderFixturePdf({ noRepeatedHeading: true }), OPTS);
    expect(new Set(r.figures.map(key))).toEqual(new Set(release.figures.map(key)));
    const continued = r.figures.find((f) => f.entity === 'Totale distretti Emilia-Romagna' && f.metric === 'exports_meur' && f.period.year === 2025);
    expect(continued?.provenance).toMatchObject({ page: 3, columnLabel: 'Milioni di euro | 2025 | 1° trim.' });
  });

  it('resolves aliases, a curly apostrophe, a dropped accent and generic "Totale" per table', () => {
    const names = new Set(release.figures.map((f) => f.entity));
    for (const n of [
      "Macchine per l'imballaggio di Bologna",
      'Mobili imbottiti di Forlì',
      'Ciclomotori di Bologna',
      'Agro-alimentare (distretti ER)',
      'Totale distretti Emilia-Romagna',
      'Totale poli tecnologici Emilia-Romagna',
    ]) {
      expect(names.has(n), n).toBe(true);
    }
    const total = release.figures.find((f) => f.entity === 'Totale poli tecnologici Emilia-Romagna' && f.metric === 'exports_meur');
    expect(total?.kind).toBe('aggregato');
    expect(total?.provenance.rowLabel).toBe('Totale');
  });

  it('keeps "n.d." out, reads U+2212 as minus and keeps a superscript footnote marker', () => {
    expect(release.figures.some((f) => f.entity === 'Salumi di Parma' && f.metric === 'yoy_pct')).toBe(false);
    expect(release.figures.some((f) => f.value < 0 && f.provenance.rawText.startsWith('\u2212'))).toBe(true);
    const tiles = release.figures.find((f) => f.entity === 'Piastrelle di Sassuolo' && f.metric === 'exports_meur');
    expect(tiles?.footnotes).toEqual(['1']);
  });

  it('records provenance: hash, page, position, labels, raw text', () => {
    const f = release.figures.find((x) => x.entity === 'Meccatronica di Reggio Emilia' && x.metric === 'exports_meur' && x.period.year === 2024);
    expect(f?.provenance).toMatchObject({
      documentSha256: release.documentSha256,
      page: 2,
      tableId: 'p2-distretti',
      rowLabel: 'Meccatronica di Reggio Emilia',
      columnLabel: 'Milioni di euro | 2024 | 1° trim.',
    });
    expect(f?.provenance.rawText).toMatch(/^\d{1,3}(\.\d{3})*,\d$/);
    expect(f?.provenance.x).toBeGreaterThan(300);
    expect(release.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    // the continued table on page 3 is recognised by its repeated heading
    expect(release.figures.some((x) => x.provenance.tableId === 'p3-distretti')).toBe(true);
  });

  it('reads the metadata, with the sidebar split from the prose', () => {
    expect(release.meta).toEqual({
      series: OPTS.series,
      region: OPTS.region,
      title: "Monitor dei Distretti dell'Emilia Romagna",
      coverMonth: 9,
      coverYear: 2025,
      noteNumber: '70',
      dataCutoff: '2025-06-10',
      referenceYear: 2025,
      referenceQuarter: 1,
      department: 'Servizio Studi e Ricerche',
    });
    expect(release.fingerprint.tables.map((t) => [t.id, t.entityCount])).toEqual([
      ['distretti', 24],
      ['poli', 4],
    ]);
    expect(release.fingerprint.pageCount).toBe(3);
  });

  it('stops on a row naming an unknown entity, with near matches', async () => {
    const err = await extractRelease(await renderFixturePdf({ unknownRow: 'Ceramica artistica di Faenza' }), OPTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownEntityError);
    const u = err as UnknownEntityError;
    expect(u.code).toBe('EXTRACT_UNKNOWN_ENTITY');
    expect(u.disposition).toBe('not-retryable');
    expect(u.rawLabel).toBe('Ceramica artistica di Faenza');
    expect(u.context).toMatchObject({ page: 2, table: 'p2-distretti' });
  });

  it('stops when the hubs table is missing', async () => {
    const err = await driftOf(await renderFixturePdf({ withoutHubs: true }));
    expect(err.code).toBe('EXTRACT_LAYOUT_DRIFT');
    expect(err.findings.map((f) => [f.kind, f.table])).toContainEqual(['table-missing', 'poli']);
  });

  it('stops on a column heading it does not understand', async () => {
    const err = await driftOf(await renderFixturePdf({ yoyHeading: 'Tasso di variazione' }));
    const cols = err.findings.filter((f) => f.kind === 'column-not-understood');
    expect(cols.length).toBe(3); // one per table segment
    expect(cols[0]?.column).toContain('Tasso di variazione');
  });

  it('stops when a district of the registry is missing', async () => {
    const err = await driftOf(await renderFixturePdf({ drop: ['Salumi di Reggio Emilia'] }));
    expect(err.findings).toContainEqual(expect.objectContaining({ kind: 'entity-count', found: 'missing Salumi di Reggio Emilia' }));
  });

  it('stops when far fewer entities than the previous release', async () => {
    const previous = { ...release.fingerprint, tables: release.fingerprint.tables.map((t) => ({ ...t, entityCount: t.entityCount * 2 })) };
    const err = await driftOf(bytes, { ...OPTS, previous });
    expect(err.findings.filter((f) => f.kind === 'entity-count').map((f) => f.table)).toEqual(['distretti', 'poli']);
  });
});
