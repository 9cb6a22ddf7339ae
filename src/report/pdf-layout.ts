import { FONT } from './fonts.ts';

/** Page geometry (A4, points) and the palette shared by every page. */
export const PAGE = { width: 595.28, height: 841.89, left: 50, right: 50, top: 70, bottom: 64 } as const;
export const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
export const INK = '#1d1d1d';
export const MUTED = '#5f5f5f';
export const ACCENT = '#7a1f1d';
export const RULE = '#c9c9c9';

type Doc = PDFKit.PDFDocument;

/** The lowest y content may reach on the current page. */
export const maxY = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when less than `needed` points are left. */
export function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > maxY(doc)) doc.addPage();
}

export function heading(doc: Doc, text: string, level: 1 | 2 = 1): void {
  ensureSpace(doc, level === 1 ? 80 : 70);
  doc.moveDown(level === 1 ? 0.4 : 0.3);
  doc.font(FONT.bold).fontSize(level === 1 ? 14 : 10.5).fillColor(level === 1 ? ACCENT : INK);
  doc.text(text, PAGE.left, doc.y, { width: CONTENT_WIDTH });
  if (level === 1) {
    const y = doc.y + 2;
    doc.moveTo(PAGE.left, y).lineTo(PAGE.left + CONTENT_WIDTH, y).lineWidth(0.6).strokeColor(ACCENT).stroke();
    doc.y = y + 6;
  } else {
    doc.y += 3;
  }
  doc.fillColor(INK);
}

export function paragraph(doc: Doc, text: string, opts: { size?: number; color?: string; gap?: number; font?: string } = {}): void {
  doc.font(opts.font ?? FONT.regular).fontSize(opts.size ?? 9).fillColor(opts.color ?? INK);
  const h = doc.heightOfString(text, { width: CONTENT_WIDTH, lineGap: 1.5 });
  ensureSpace(doc, Math.min(h, 80));
  doc.text(text, PAGE.left, doc.y, { width: CONTENT_WIDTH, lineGap: 1.5, align: 'left' });
  doc.y += opts.gap ?? 5;
  doc.fillColor(INK);
}

/** A bulleted list; returns nothing, advances doc.y. */
export function bullets(doc: Doc, items: readonly string[], opts: { size?: number } = {}): void {
  const size = opts.size ?? 10;
  const indent = 14;
  for (const item of items) {
    doc.font(FONT.regular).fontSize(size);
    const h = doc.heightOfString(item, { width: CONTENT_WIDTH - indent, lineGap: 2 });
    ensureSpace(doc, h + 6);
    const y = doc.y;
    doc.save().circle(PAGE.left + 4, y + size * 0.55, 2.2).fill(ACCENT).restore();
    doc.fillColor(INK).text(item, PAGE.left + indent, y, { width: CONTENT_WIDTH - indent, lineGap: 2 });
    doc.y += 6;
  }
}

/**
 * Height of a cell's text: one line when it fits (the common case, measured by advance widths
 * only), else the wrapped height. pdfkit's line wrapper is the costly part of table layout.
 */
function cellHeight(doc: Doc, text: string, width: number): number {
  if (!text.includes('\n') && doc.widthOfString(text) <= width) return doc.currentLineHeight(true);
  return doc.heightOfString(text, { width });
}

/** Draws a cell's text; single lines skip the line wrapper. */
function cellText(doc: Doc, text: string, x: number, y: number, width: number, align: 'left' | 'right' | 'center'): void {
  if (!text.includes('\n')) {
    const w = doc.widthOfString(text);
    if (w <= width) {
      const dx = align === 'right' ? width - w : align === 'center' ? (width - w) / 2 : 0;
      doc.text(text, x + dx, y, { lineBreak: false });
      return;
    }
  }
  doc.text(text, x, y, { width, align });
}

export interface Column {
  readonly header: string;
  readonly width: number;
  readonly align?: 'left' | 'right' | 'center';
}

/**
 * A ruled table with a bold header repeated after page breaks. Rows flagged in
 * `emphasis` are bold (the entity's row).
 */
export function table(
  doc: Doc,
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  opts: { size?: number; emphasis?: (i: number) => boolean; groupHeader?: readonly { text: string; span: number }[] } = {},
): void {
  const size = opts.size ?? 8;
  const pad = 3;
  const drawHeader = () => {
    if (opts.groupHeader) {
      let x = PAGE.left;
      let ci = 0;
      doc.font(FONT.bold).fontSize(size);
      const hh = Math.max(...opts.groupHeader.map((g) => {
        const w = columns.slice(ci, (ci += g.span)).reduce((s, c) => s + c.width, 0);
        return doc.heightOfString(g.text, { width: w - 2 * pad });
      }));
      ci = 0;
      const y = doc.y;
      for (const g of opts.groupHeader) {
        const w = columns.slice(ci, ci + g.span).reduce((s, c) => s + c.width, 0);
        ci += g.span;
        if (g.text) {
          doc.fillColor(INK).text(g.text, x + pad, y + pad, { width: w - 2 * pad, align: 'center' });
          doc.moveTo(x + pad, y + hh + 2 * pad - 1).lineTo(x + w - pad, y + hh + 2 * pad - 1).lineWidth(0.4).strokeColor(RULE).stroke();
        }
        x += w;
      }
      doc.y = y + hh + 2 * pad;
    }
    doc.font(FONT.bold).fontSize(size);
    const h = Math.max(...columns.map((c) => cellHeight(doc, c.header, c.width - 2 * pad)));
    const y = doc.y;
    let x = PAGE.left;
    doc.fillColor(INK);
    for (const c of columns) {
      cellText(doc, c.header, x + pad, y + pad, c.width - 2 * pad, c.align ?? 'left');
      x += c.width;
    }
    const yy = y + h + 2 * pad;
    doc.moveTo(PAGE.left, yy).lineTo(x, yy).lineWidth(0.8).strokeColor(INK).stroke();
    doc.y = yy;
  };
  ensureSpace(doc, 60);
  drawHeader();
  rows.forEach((row, i) => {
    const bold = opts.emphasis?.(i) ?? false;
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(size);
    const h = Math.max(...columns.map((c, j) => cellHeight(doc, row[j] ?? '', c.width - 2 * pad))) + 2 * pad;
    if (doc.y + h > maxY(doc)) {
      doc.addPage();
      drawHeader();
      doc.font(bold ? FONT.bold : FONT.regular).fontSize(size);
    }
    const y = doc.y;
    const totalW = columns.reduce((s, c) => s + c.width, 0);
    if (i % 2 === 1) doc.save().rect(PAGE.left, y, totalW, h).fill('#f3f3f3').restore();
    let x = PAGE.left;
    doc.fillColor(INK);
    columns.forEach((c, j) => {
      cellText(doc, row[j] ?? '', x + pad, y + pad, c.width - 2 * pad, c.align ?? 'left');
      x += c.width;
    });
    doc.y = y + h;
  });
  const end = doc.y;
  doc.moveTo(PAGE.left, end).lineTo(PAGE.left + columns.reduce((s, c) => s + c.width, 0), end).lineWidth(0.6).strokeColor(INK).stroke();
  doc.y = end + 4;
}

/** Small grey text under a chart or table (source line, attachment name). */
export function caption(doc: Doc, text: string): void {
  doc.font(FONT.regular).fontSize(7.2).fillColor(MUTED);
  doc.text(text, PAGE.left, doc.y, { width: CONTENT_WIDTH, lineGap: 1 });
  doc.fillColor(INK);
}
