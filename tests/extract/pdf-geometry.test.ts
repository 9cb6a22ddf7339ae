import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { periodCode } from '../../src/domain/period.ts';
import { readColumn } from '../../src/extract/pdf/columns.ts';
import { buildLines } from '../../src/extract/pdf/lines.ts';
import { loadPdfText } from '../../src/extract/pdf/load.ts';
import { stripMarkers } from '../../src/extract/pdf/rows.ts';
import { splitSidebar } from '../../src/extract/pdf/sidebar.ts';
import { lineText } from '../../src/extract/pdf/types.ts';

const FONT = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf');

async function pdf(draw: (doc: PDFKit.PDFDocument) => void): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  doc.font(FONT);
  draw(doc);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

describe('readColumn (heading parts → metric and period)', () => {
  it.each([
    [['Milioni di euro', '1° trim. 2017'], 'exports_meur', '2017Q1'],
    [['Var. %', '1° sem. 2018'], 'yoy_pct', '2018M01-06'],
    [['Differenza (milioni di euro)', '2018'], 'delta_meur', '2018'],
    [['II trim. 2020', 'Export 2019 (mln €)'], 'exports_meur', '2019Q2'],
    [['III trim. 2021', 'Var. % vs 2019'], 'vs2019_pct', '2021Q3'],
    [['gen.-set. 2021', 'Diff. (mln €)'], 'delta_meur', '2021M01-09'],
    [['gennaio-settembre 2024', 'Milioni di', 'euro 2023'], 'exports_meur', '2023M01-09'],
    [['1° trimestre 2025', 'Var. % tendenziale'], 'yoy_pct', '2025Q1'],
    [['Milioni di euro', '2024', '1° trim.'], 'exports_meur', '2024Q1'],
    [['Var. % 2025/2024', 'I trim.'], 'yoy_pct', '2025Q1'],
    [['gennaio-', 'settembre 2025', 'Variazione %'], 'yoy_pct', '2025M01-09'],
  ])('%j → %s %s', (parts, metric, period) => {
    const r = readColumn(parts);
    expect(r.ok).toBe(true);
    if (r.ok) expect([r.metric, periodCode(r.period)]).toEqual([metric, period]);
  });

  it.each([
    [['Tasso di variazione', '1° trim. 2025']],
    [['Quota % sul totale', '1° trim. 2025']],
    [['Milioni di euro']],
    [['']],
  ])('%j is not understood', (parts) => {
    expect(readColumn(parts).ok).toBe(false);
  });

  it('takes a missing period from the caption context', () => {
    const r = readColumn(['Var. %'], { span: { firstMonth: 4, lastMonth: 6 }, year: 2023 });
    expect(r.ok && periodCode(r.period)).toBe('2023Q2');
  });
});

describe('stripMarkers', () => {
  it.each([
    ['Macchine per l’industria ceramica (1)', 'Macchine per l’industria ceramica', ['(1)']],
    ['Reggio Emilia (*)', 'Reggio Emilia', ['(*)']],
    ['Piastrelle di Sassuolo¹', 'Piastrelle di Sassuolo', ['¹']],
    ['Piastrelle di Sassuolo ²', 'Piastrelle di Sassuolo', ['²']],
    ['Salumi di Parma*', 'Salumi di Parma', ['*']],
    ['Lattiero-caseario (Parma)', 'Lattiero-caseario (Parma)', []],
    ['Salumi di Parma *', 'Salumi di Parma', ['*']],
  ])('%s', (raw, label, markers) => {
    expect(stripMarkers(raw)).toEqual({ label, markers });
  });
});

describe('lines, chunks and the sidebar (real PDFs from pdfkit, read by pdf.js)', () => {
  it('splits a right-hand sidebar sharing baselines with the main column', async () => {
    const bytes = await pdf((doc) => {
      const main = ['Nel primo trimestre le esportazioni sono', 'cresciute del +6,4% rispetto a un anno', 'prima, trainate dalla meccanica e dal', 'sistema casa; in calo il sistema moda.'];
      const side = ['Nota Trimestrale – n. 69', 'Research Department', 'Giovanna Esempio', 'Sintesi +6,4%'];
      main.forEach((t, i) => doc.fontSize(10).text(t, 56, 200 + i * 14, { lineBreak: false }));
      side.forEach((t, i) => doc.fontSize(8).text(t, 430, 200 + i * 14, { lineBreak: false }));
    });
    const [page] = await loadPdfText(bytes);
    const lines = buildLines(page!);
    // naive reading interleaves both columns on one baseline
    expect(lineText(lines[0]!)).toBe('Nel primo trimestre le esportazioni sono Nota Trimestrale – n. 69');
    const split = splitSidebar(lines, page!.width);
    expect(split.sidebar.map(lineText)).toEqual(['Nota Trimestrale – n. 69', 'Research Department', 'Giovanna Esempio', 'Sintesi +6,4%']);
    expect(split.main.map(lineText)[1]).toBe('cresciute del +6,4% rispetto a un anno');
  });

  it('finds no sidebar in a numeric table', async () => {
    const bytes = await pdf((doc) => {
      for (let i = 0; i < 5; i++) {
        doc.fontSize(8).text(`Distretto ${i}`, 56, 200 + i * 12, { lineBreak: false });
        ['1.234,5', '+6,4', '-3,9'].forEach((t, k) => doc.text(t, 300 + k * 80, 200 + i * 12, { lineBreak: false }));
      }
    });
    const [page] = await loadPdfText(bytes);
    const split = splitSidebar(buildLines(page!), page!.width);
    expect(split.sidebar).toEqual([]);
    expect(split.main[0]?.chunks.map((c) => c.text)).toEqual(['Distretto 0', '1.234,5', '+6,4', '-3,9']);
  });

  it('attaches a raised small marker to its word as a footnote, and splits joined numbers', async () => {
    const bytes = await pdf((doc) => {
      doc.fontSize(8).text('Piastrelle di Sassuolo', 56, 200, { lineBreak: false });
      const w = doc.widthOfString('Piastrelle di Sassuolo');
      doc.fontSize(5).text('2', 56 + w + 0.5, 197, { lineBreak: false });
      // one text run holding two cells, as pdf.js reports crowded rows
      doc.fontSize(8).text('+3,6 +1.515,8', 300, 200, { lineBreak: false });
    });
    const [page] = await loadPdfText(bytes);
    const lines = buildLines(page!);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.chunks.map((c) => [c.text, c.footnotes])).toEqual([
      ['Piastrelle di Sassuolo', ['2']],
      ['+3,6', []],
      ['+1.515,8', []],
    ]);
  });
});
