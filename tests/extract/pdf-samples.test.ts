import { beforeAll, describe, expect, it } from 'vitest';
import { periodCode } from '../../src/domain/period.ts';
import { extractRelease, LayoutDriftError, PdfUnreadableError } from '../../src/extract/pdf/index.ts';
import { loadSampleCatalog } from '../../src/sample-publisher/dataset/index.ts';
import { renderReleasePdf } from '../../src/sample-publisher/pdf/index.ts';
import type { SampleCatalog } from '../../src/sample-publisher/types.ts';

/**
 * The key contract: every sample release PDF reads back exactly as the catalog's figures
 * (entity, kind, period, metric, value) with the right metadata, across all three layouts.
 */

let catalog: SampleCatalog;
beforeAll(() => {
  catalog = loadSampleCatalog();
});

describe('extractRelease on every sample release', () => {
  it('the catalog covers the three layouts', () => {
    expect(new Set(catalog.releases().map((r) => r.layout))).toEqual(new Set(['classic', 'pandemic', 'modern']));
    expect(catalog.releases()).toHaveLength(30);
  });

  it('reads every release exactly (figures and metadata)', async () => {
    const failures: string[] = [];
    for (const info of catalog.releases()) {
      const bytes = await renderReleasePdf(info, catalog.figures(info.id));
      const r = await extractRelease(bytes, { series: info.series, region: info.region });
      const got = r.figures.map((f) => `${f.entity}|${f.kind}|${periodCode(f.period)}|${f.metric}|${f.value}`).sort();
      const want = catalog.figures(info.id).map((f) => `${f.entity}|${f.kind}|${f.period}|${f.metric}|${f.value}`).sort();
      if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${info.id}: figures differ`);
      const meta = {
        title: r.meta.title,
        coverMonth: r.meta.coverMonth,
        coverYear: r.meta.coverYear,
        noteNumber: r.meta.noteNumber,
        dataCutoff: r.meta.dataCutoff,
        referenceYear: r.meta.referenceYear,
        referenceQuarter: r.meta.referenceQuarter,
        department: r.meta.department,
      };
      const expected = {
        title: info.title,
        coverMonth: info.coverMonth,
        coverYear: info.coverYear,
        noteNumber: info.noteNumber,
        dataCutoff: info.dataCutoff,
        referenceYear: info.refYear,
        referenceQuarter: info.refQuarter,
        department: info.department,
      };
      if (JSON.stringify(meta) !== JSON.stringify(expected)) failures.push(`${info.id}: meta ${JSON.stringify(meta)} ≠ ${JSON.stringify(expected)}`);
      expect(r.figures.every((f) => f.provenance.documentSha256 === r.documentSha256)).toBe(true);
    }
    expect(failures).toEqual([]);
  });

  it('keeps the ACIMAC footnote marker on the ceramic machinery row', async () => {
    const info = catalog.release('er-2019Q4')!;
    const r = await extractRelease(await renderReleasePdf(info, catalog.figures(info.id)), { series: info.series, region: info.region });
    const f = r.figures.find((x) => x.entity === "Macchine per l'industria ceramica di Modena e Reggio Emilia");
    expect(f?.footnotes).toEqual(['(1)']);
    expect(f?.provenance.rowLabel).toBe("Macchine per l'industria ceramica di Modena e Reggio Emilia (1)");
  });

  it('refuses the drifted variant: renamed % heading, unknown column, hubs table missing', async () => {
    for (const id of ['er-2019Q2', 'er-2021Q3', 'er-2025Q1']) {
      const info = catalog.release(id)!;
      const bytes = await renderReleasePdf(info, catalog.figures(id), { variant: 'drifted' });
      const err = await extractRelease(bytes, { series: info.series, region: info.region }).catch((e: unknown) => e);
      expect(err, id).toBeInstanceOf(LayoutDriftError);
      const drift = err as LayoutDriftError;
      expect(drift.code).toBe('EXTRACT_LAYOUT_DRIFT');
      expect(drift.disposition).toBe('not-retryable');
      const kinds = new Set(drift.findings.map((f) => f.kind));
      expect(kinds.has('table-missing'), id).toBe(true);
      expect(kinds.has('column-not-understood'), id).toBe(true);
      const columns = drift.findings.filter((f) => f.kind === 'column-not-understood').map((f) => f.column ?? '');
      // a share column is never read as exports: it is set aside, and the report shows it so
      const quota = drift.tables.flatMap((t) => t.columns).filter((c) => c.label.includes('Quota % sul totale'));
      expect(quota.length, id).toBeGreaterThan(0);
      expect(quota.every((c) => c.reading.startsWith('ignored: ') && c.reading.includes('share')), id).toBe(true);
      expect(columns.some((c) => c.includes('Tasso di variazione')), id).toBe(true);
      expect(drift.context.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('rejects bytes that are not a complete PDF as EXTRACT_PDF_UNREADABLE', async () => {
    const info = catalog.release('er-2025Q2')!;
    const good = await renderReleasePdf(info, catalog.figures(info.id));
    const cases: [string, Uint8Array][] = [
      ['html', new TextEncoder().encode('<!doctype html><html><body>Disclaimer: accept to continue</body></html>'.repeat(3))],
      ['truncated', new Uint8Array(good.subarray(0, Math.floor(good.length / 2)))],
      ['garbage', new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 0x41), Buffer.from('\n%%EOF\n')]))],
      ['empty', new Uint8Array()],
    ];
    for (const [name, bytes] of cases) {
      const err = await extractRelease(bytes, { series: info.series, region: info.region, documentSha256: 'f'.repeat(64) }).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(PdfUnreadableError);
      expect((err as PdfUnreadableError).code).toBe('EXTRACT_PDF_UNREADABLE');
      expect((err as PdfUnreadableError).context.documentSha256).toBe('f'.repeat(64));
    }
  });
});
