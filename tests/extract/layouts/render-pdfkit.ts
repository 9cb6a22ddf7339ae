import PDFDocument from 'pdfkit';
import { FONT, loadFonts, registerFonts } from '../../../src/sample-publisher/pdf/fonts.ts';
import { paragraph, putText, wrapLines, type TextStyle } from '../../../src/sample-publisher/pdf/draw/text.ts';
import { corpusRelease, type CorpusRelease, type CorpusRow } from './corpus-data.ts';
import { releaseText, type ReleaseText } from './release-text.ts';
import { cellText, type DocumentLayout, type HeaderCell, type TableLayout } from './table-layout.ts';

/**
 * Draws a {@link DocumentLayout} with pdfkit, in-process: cover, a summary page with prose, the
 * cutoff line and a sidebar, then the districts and hubs tables (optionally a labelled bar chart
 * just above, a page break inside the districts table, footnotes and a sidebar beside them).
 */

type Doc = PDFKit.PDFDocument;
const PAGE_H = 841.9;
const BOTTOM = 780;
const SIDEBAR_X = 455;
const ink = (font: string, size: number): TextStyle => ({ font, size, color: '#1A1A1A' });

interface Geo {
  readonly x0: number;
  readonly x1: number;
}

function columnsOf(layout: DocumentLayout): Geo[] {
  const g = layout.geometry;
  const first = g.labelX + g.labelWidth + 10;
  // 8 pt between columns: headings wrapped to their column stay visibly apart from the next one's
  return layout.table.columns.map((_, i) => ({ x0: first + i * g.colWidth + 8, x1: first + (i + 1) * g.colWidth }));
}

function drawCover(doc: Doc, t: ReleaseText): void {
  doc.save().rect(0, 0, 595.3, 300).fill('#2E4A7D').restore();
  putText(doc, 'Industry Research', 56, 110, { font: FONT.sansBold, size: 11, color: '#DDE6F5' });
  putText(doc, 'Monitor dei Distretti', 56, 140, { font: FONT.sansBold, size: 28, color: '#FFFFFF' });
  putText(doc, "dell'Emilia-Romagna", 56, 176, { font: FONT.sansBold, size: 28, color: '#FFFFFF' });
  putText(doc, t.coverDate, 56, 226, { font: FONT.sans, size: 18, color: '#FFFFFF' });
  putText(doc, t.department, 56, PAGE_H - 90, { font: FONT.sansBold, size: 10, color: '#2E4A7D' });
}

function drawFooter(doc: Doc, t: ReleaseText, page: number): void {
  putText(doc, t.footer, 56, 810, ink(FONT.sans, 6.5));
  const n = String(page);
  doc.text(n, 540 - doc.widthOfString(n), 810, { lineBreak: false });
}

function drawSidebar(doc: Doc, lines: readonly string[], x: number, y: number): void {
  if (x > 500) return;
  doc.save().moveTo(x - 10, y).lineTo(x - 10, y + 220).lineWidth(0.5).stroke('#999999').restore();
  lines.forEach((l, i) => {
    if (l) putText(doc, l, x, y + i * 13, ink(i === 0 ? FONT.sansBold : FONT.sans, 7.5));
  });
}

function drawSummary(doc: Doc, t: ReleaseText): void {
  putText(doc, 'Executive Summary', 56, 70, ink(FONT.sansBold, 15));
  let y = 100;
  for (const p of t.prose) y = paragraph(doc, p, 56, y, 330, ink(FONT.sans, 9), 13) + 8;
  putText(doc, t.cutoff, 56, y + 4, ink(FONT.sans, 9));
  drawSidebar(doc, t.sidebar, 430, 100);
}

/** Heading rows; returns the y below them. */
function drawHeader(doc: Doc, table: TableLayout, cols: Geo[], layout: DocumentLayout, kind: 'distretti' | 'poli', y: number, continued: boolean): number {
  const g = layout.geometry;
  const tableRight = cols[cols.length - 1]?.x1 ?? 0;
  // a long caption wraps within the main column, as it would in a note with a sidebar
  const captionStyle = ink(FONT.sansBold, g.fontSize + 1.5);
  const captionWidth = (layout.sidebar ? SIDEBAR_X - 20 : 540) - g.labelX;
  const captionLines = wrapLines(doc, table.captions[kind] + (continued ? table.continued : ''), captionWidth, captionStyle);
  captionLines.forEach((line, i) => putText(doc, line, g.labelX, y + i * (g.fontSize + 1.5) * 1.25, captionStyle));
  y += (captionLines.length - 1) * (g.fontSize + 1.5) * 1.25 + g.fontSize * 2.6;
  doc.save().moveTo(g.labelX, y - 4).lineTo(tableRight, y - 4).lineWidth(0.6).stroke('#333333').restore();
  // as a typesetter would: headings a little smaller when a word would not fit its column
  let size = g.fontSize;
  const fits = (sz: number): boolean =>
    table.header.every((row) => row.every((c) => words(c.text).every((w) => (doc.font(FONT.condBold).fontSize(sz), doc.widthOfString(w)) <= spanOf(cols, c).x1 - spanOf(cols, c).x0)));
  while (size > 5.5 && !fits(size)) size -= 0.25;
  const lh = size * 1.2;
  const style = ink(FONT.condBold, size);
  table.header.forEach((row, ri) => {
    const wrapped = row.map((c) => ({ c, lines: wrapHeading(doc, c.text, spanOf(cols, c).x1 - spanOf(cols, c).x0, style) }));
    const n = Math.max(1, ...wrapped.map((w) => w.lines.length));
    for (const { c, lines } of wrapped) {
      const span = spanOf(cols, c);
      lines.forEach((line, li) => {
        const ly = y + (n - lines.length + li) * lh;
        doc.font(style.font).fontSize(style.size);
        const w = doc.widthOfString(line);
        const aligned = c.align === 'left' ? span.x0 : c.align === 'right' ? span.x1 - w : (span.x0 + span.x1 - w) / 2;
        // off-centre, but still inside its span: where a person sees which columns it heads
        const x = w <= span.x1 - span.x0 ? Math.min(Math.max(aligned + (c.dx ?? 0), span.x0), span.x1 - w) : aligned;
        putText(doc, line, x, ly, style);
      });
      if (c.rule) doc.save().moveTo(span.x0, y + n * lh + 1).lineTo(span.x1, y + n * lh + 1).lineWidth(0.4).stroke('#666666').restore();
    }
    if (ri === table.header.length - 1) putText(doc, table.labelHeadings[kind], g.labelX, y + (n - 1) * lh, style);
    y += n * lh + 4;
  });
  doc.save().moveTo(g.labelX, y).lineTo(tableRight, y).lineWidth(0.4).stroke('#333333').restore();
  return y + 5;
}

/** Heading words, a hyphenated one split after its hyphen ("gennaio-" "settembre"). */
function words(text: string): string[] {
  return text.split(/\s+/).flatMap((w) => w.split(/(?<=[-\u2013])(?=\p{L})/u)).filter(Boolean);
}

/** Wraps a heading at spaces and, where needed, after a hyphen; "\n" forces a break. */
function wrapHeading(doc: Doc, text: string, width: number, s: TextStyle): string[] {
  if (text.includes('\n')) return text.split('\n').flatMap((part) => wrapHeading(doc, part, width, s));
  doc.font(s.font).fontSize(s.size);
  const lines: string[] = [];
  let line = '';
  for (const token of text.split(/\s+/).filter(Boolean)) {
    for (const [k, piece] of words(token).entries()) {
      const glue = line === '' ? '' : k > 0 ? '' : ' ';
      if (line && doc.widthOfString(line + glue + piece) > width) {
        lines.push(line);
        line = piece;
      } else line += glue + piece;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function spanOf(cols: Geo[], c: HeaderCell): Geo {
  return { x0: cols[c.from]?.x0 ?? 0, x1: cols[c.to]?.x1 ?? 0 };
}

function rowHeight(doc: Doc, layout: DocumentLayout, row: CorpusRow): number {
  const g = layout.geometry;
  const n = wrapLines(doc, row.entity.name, g.labelWidth, ink(row.entity.kind === 'aggregato' ? FONT.condBold : FONT.cond, g.fontSize)).length;
  return (n - 1) * g.fontSize * 1.2 + g.fontSize * (g.rowPitch ?? 1.75);
}

function drawRow(doc: Doc, data: CorpusRelease, layout: DocumentLayout, cols: Geo[], row: CorpusRow, y: number): number {
  const g = layout.geometry;
  const bold = row.entity.kind === 'aggregato';
  const style = ink(bold ? FONT.condBold : FONT.cond, g.fontSize);
  const lines = wrapLines(doc, row.entity.name, g.labelWidth, style);
  const lh = g.fontSize * 1.2;
  lines.forEach((l, i) => putText(doc, l, g.labelX, y + i * lh, style));
  const ny = g.numbersOn === 'first' ? y : y + (lines.length - 1) * lh;
  if (layout.footnotes && row.entity.name === 'Piastrelle di Sassuolo') {
    const last = g.numbersOn === 'first' ? lines[0] : lines[lines.length - 1];
    doc.font(style.font).fontSize(style.size);
    const w = doc.widthOfString(last ?? '');
    putText(doc, '(1)', g.labelX + w + 1, ny - 2, ink(FONT.cond, g.fontSize * 0.6));
  }
  layout.table.columns.forEach((c, i) => {
    const text = cellText(data, layout.table, row, c);
    doc.font(style.font).fontSize(style.size);
    const col = cols[i] ?? { x0: 0, x1: 0 };
    const w = doc.widthOfString(text);
    putText(doc, text, g.cellAlign === 'center' ? (col.x0 + col.x1 - w) / 2 : col.x1 - w, ny, style);
  });
  return y + rowHeight(doc, layout, row);
}

function drawChart(doc: Doc, t: ReleaseText, layout: DocumentLayout, y: number): number {
  const g = layout.geometry;
  putText(doc, t.chartCaption, g.labelX, y, ink(FONT.sansBold, 8));
  y += 16;
  const max = Math.max(5, ...t.bars.map((b) => Math.abs(b.value)));
  const style = ink(FONT.sans, 7);
  if (layout.chart === 'hbars') {
    const zero = g.labelX + 190;
    const scale = 110 / max;
    for (const b of t.bars) {
      putText(doc, b.label, g.labelX, y, style);
      const w = b.value * scale;
      doc.save().rect(Math.min(zero, zero + w), y - 1, Math.abs(w), 9).fill('#5B7DB1').restore();
      doc.font(FONT.sans).fontSize(7);
      const tx = b.value >= 0 ? zero + w + 3 : zero + w - 3 - doc.widthOfString(b.text);
      putText(doc, b.text, tx, y, style);
      y += 14;
    }
    doc.save().moveTo(zero, y - 4 - 14 * t.bars.length).lineTo(zero, y - 2).lineWidth(0.5).stroke('#333333').restore();
    return y + 18;
  }
  // vertical bars: the value above each bar, the sector name under the baseline
  const base = y + 70;
  const scale = 30 / max;
  t.bars.forEach((b, i) => {
    const cx = g.labelX + 40 + i * 75;
    const h = b.value * scale;
    doc.save().rect(cx, Math.min(base, base - h), 26, Math.abs(h)).fill('#5B7DB1').restore();
    doc.font(FONT.sans).fontSize(7);
    putText(doc, b.text, cx + 13 - doc.widthOfString(b.text) / 2, b.value >= 0 ? base - h - 10 : base - h + 2, style);
    putText(doc, b.label, cx + 13 - doc.widthOfString(b.label) / 2, base + 38, style);
  });
  doc.save().moveTo(g.labelX + 30, base).lineTo(g.labelX + 330, base).lineWidth(0.5).stroke('#333333').restore();
  return base + 64;
}

/** Renders the document; returns the PDF bytes. */
export async function renderLayoutPdf(layout: DocumentLayout): Promise<Uint8Array> {
  const data = corpusRelease(layout.release);
  const t = releaseText(data, layout);
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: true, info: { Title: t.title } });
  registerFonts(doc, loadFonts());
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));

  drawCover(doc, t);
  doc.addPage();
  drawSummary(doc, t);
  drawFooter(doc, t, 2);

  let page = 3;
  doc.addPage();
  const cols = columnsOf(layout);
  // right of everything in the main column (table, chart, captions: all kept left of 435 pt)
  const sideX = SIDEBAR_X;
  if (layout.sidebar) drawSidebar(doc, t.sidebar, sideX, 70);
  let y = 70;
  if (layout.chart !== 'none') y = drawChart(doc, t, layout, y);
  y = drawHeader(doc, layout.table, cols, layout, 'distretti', y, false);
  const split = layout.splitAfter ?? data.districts.length;
  data.districts.forEach((row, i) => {
    if (i === split || y + rowHeight(doc, layout, row) > BOTTOM) {
      drawFooter(doc, t, page++);
      doc.addPage();
      if (layout.sidebar) drawSidebar(doc, t.sidebar, sideX, 70);
      y = layout.repeatHeader ? drawHeader(doc, layout.table, cols, layout, 'distretti', 70, true) : 70;
    }
    y = drawRow(doc, data, layout, cols, row, y);
  });
  if (layout.footnotes) {
    putText(doc, t.footnote, layout.geometry.labelX, y + 6, ink(FONT.sans, 6.5));
    y += 10;
  }
  putText(doc, t.source, layout.geometry.labelX, y + 6, ink(FONT.sans, 6.5));
  y += 40;
  if (y + 160 > BOTTOM) {
    drawFooter(doc, t, page++);
    doc.addPage();
    y = 70;
  }
  y = drawHeader(doc, layout.table, cols, layout, 'poli', y, false);
  for (const row of data.hubs) y = drawRow(doc, data, layout, cols, row, y);
  putText(doc, t.source, layout.geometry.labelX, y + 8, ink(FONT.sans, 6.5));
  drawFooter(doc, t, page);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
