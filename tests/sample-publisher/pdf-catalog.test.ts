import { describe, expect, it } from 'vitest';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import { loadSampleCatalog } from '../../src/sample-publisher/dataset/index.ts';
import { layoutById, MODELLED_NOTICE, periodOfColumn, renderReleasePdf } from '../../src/sample-publisher/pdf/index.ts';
import { indexFigures } from '../../src/sample-publisher/pdf/figure-index.ts';
import { buildDistrictsTable, buildHubsTable, type TableModel } from '../../src/sample-publisher/pdf/table-model.ts';
import { formatDateDots, monthYear } from '../../src/sample-publisher/pdf/format.ts';
import type { SampleFigure } from '../../src/sample-publisher/types.ts';
import { hasRowLine, pdfPages, printed } from './pdf-helpers.ts';

// The real sample catalog (data/sample, helper A's dataset): every release, every figure.
const catalog = loadSampleCatalog();

/** (entity, period, metric) → printed cell, for every numeric cell of the release's tables. */
function cellsOf(tables: readonly TableModel[], refYear: number, refQuarter: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of tables) {
    for (const row of t.rows) {
      t.columns.forEach((c, i) => {
        if (c.key.metric === 'share_pct') return;
        out.set(`${row.entity}|${periodOfColumn(c.key, refYear, refQuarter)}|${c.key.metric}`, row.cells[i] ?? '');
      });
    }
  }
  return out;
}

describe('release PDFs of the sample catalog', () => {
  it('has the 30 releases 2018Q1–2025Q2 in the three layouts', () => {
    const releases = catalog.releases();
    expect(releases).toHaveLength(30);
    expect(new Set(releases.map((r) => r.layout))).toEqual(new Set(['classic', 'pandemic', 'modern']));
  });

  it.each(catalog.releases().map((r) => r.id))('%s prints every figure in its table cell, readably, with notice, cutoff and note number', async (id) => {
    const info = catalog.release(id);
    if (!info) throw new Error(`no release ${id}`);
    const figures: readonly SampleFigure[] = catalog.figures(info.id);
    expect(figures.length, info.id).toBeGreaterThan(100);
    const pdf = await renderReleasePdf(info, figures);
    const pages = pdfPages(pdf);
    const text = pages.join('\n');
    expect(pages.length, info.id).toBeGreaterThanOrEqual(5);
    for (const [i, page] of pages.entries()) expect(page, `${info.id} page ${i + 1}`).toContain(MODELLED_NOTICE);
    expect(pages[0]).toContain(monthYear(info.coverMonth, info.coverYear));
    expect(pages[1]).toContain(`Nota Trimestrale – ${info.noteNumber}`);
    expect(pages[1]).toContain(`I dati del presente documento sono aggiornati al ${formatDateDots(info.dataCutoff)}`);
    // Table 1 continues on the next page under a repeated caption and header.
    const cont = pages.findIndex((p) => /Tab\. 1 – .*\((segue|continua)\)/.test(p));
    expect(cont, info.id).toBeGreaterThan(2);
    expect(pages[cont - 1]).toMatch(/Tab\. 1 – Export dei distretti tradizionali dell'Emilia-Romagna\s*\n/);

    const spec = layoutById(info.layout, info.id);
    const input = { info, spec, registry: EMILIA_ROMAGNA, figures: indexFigures(figures), drifted: false };
    const tables = [buildDistrictsTable(input), buildHubsTable(input)];
    const cells = cellsOf(tables, info.refYear, info.refQuarter);
    // Every figure has its own cell with exactly its printed value, and no cell invents one.
    for (const f of figures) {
      const where = `${info.id} ${f.entity} ${f.period} ${f.metric}`;
      expect(cells.get(`${f.entity}|${f.period}|${f.metric}`), where).toBe(printed(f, spec.minus));
    }
    const printedCells = [...cells.values()].filter((c) => c !== 'n.d.').length;
    expect(printedCells, info.id).toBe(figures.length);
    // pdftotext -layout shows each table row's numbers in order on one line.
    for (const row of tables.flatMap((t) => t.rows)) expect(hasRowLine(text, row.cells), `${info.id} row ${row.label}`).toBe(true);
  });
});
