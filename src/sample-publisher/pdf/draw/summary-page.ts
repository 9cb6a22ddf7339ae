import { FONT } from '../fonts.ts';
import type { KeyNumber } from '../prose.ts';
import { COLOR, PAGE } from './geometry.ts';
import { paragraph, putText, wrapLines, type TextStyle } from './text.ts';

type Doc = PDFKit.PDFDocument;

export interface SummaryText {
  readonly paragraphs: readonly string[];
  /** "I dati del presente documento sono aggiornati al 10.06.2025" */
  readonly cutoffLine: string;
  /** "Nota Trimestrale – n. 69" */
  readonly noteLine: string;
  readonly department: string;
  readonly author: string;
  readonly keyNumbers: readonly KeyNumber[];
}

const PROSE: TextStyle = { font: FONT.sans, size: 9, color: COLOR.text };
const SIDE: TextStyle = { font: FONT.sans, size: 7.8, color: COLOR.text };
const PROSE_LINE = 13.2;
/** DejaVu Sans ascent (1901/2048 em): pdfkit places text by its top, baselines sit this far below. */
const ASCENT = 0.928;

/** Draws a sidebar line whose baseline equals that of a prose line drawn at the same `y`. */
function sideText(doc: Doc, text: string, x: number, y: number, s: TextStyle): void {
  putText(doc, text, x, y + (PROSE.size - s.size) * ASCENT, s);
}

/**
 * The sidebar shares the main column's baselines on purpose: naive text extraction then
 * interleaves the two, as with the real notes (shared publisher notes, "Inside a release PDF").
 */
function drawSidebar(doc: Doc, s: SummaryText, top: number): void {
  const x = PAGE.sidebarX;
  const w = PAGE.right - x;
  doc.save().moveTo(PAGE.sidebarRule, top).lineTo(PAGE.sidebarRule, PAGE.contentBottom - 20).lineWidth(0.5).strokeColor(COLOR.rule).stroke().restore();
  let y = top;
  sideText(doc, s.noteLine, x, y, { font: FONT.sansBold, size: 8, color: COLOR.brand });
  y += PROSE_LINE * 2;
  for (const block of [s.department, s.author]) {
    const lines = wrapLines(doc, block, w, SIDE);
    lines.forEach((l, i) => sideText(doc, l, x, y + i * PROSE_LINE, SIDE));
    y += (lines.length + 1) * PROSE_LINE;
  }
  if (s.keyNumbers.length === 0) return;
  y += PROSE_LINE;
  const boxTop = y - 6;
  putText(doc, 'Sintesi', x + 6, y, { font: FONT.sansBold, size: 8.5, color: COLOR.brand });
  y += PROSE_LINE * 1.5;
  for (const k of s.keyNumbers) {
    const lines = wrapLines(doc, k.label, w - 12, { ...SIDE, size: 7.2, color: COLOR.grey });
    lines.forEach((l, i) => putText(doc, l, x + 6, y + i * 10, { ...SIDE, size: 7.2, color: COLOR.grey }));
    y += lines.length * 10 + 1;
    putText(doc, k.value, x + 6, y, { font: FONT.sansBold, size: 13, color: COLOR.brand });
    y += 22;
  }
  doc.save().rect(x, boxTop, w, y - boxTop).lineWidth(0.6).strokeColor(COLOR.brand).stroke().restore();
}

/**
 * Page 2: Executive Summary in the main column, note number/department/author in the sidebar.
 * Returns the y below the cutoff line.
 */
export function drawSummaryPage(doc: Doc, s: SummaryText, top: number): number {
  const width = PAGE.mainRight - PAGE.left;
  putText(doc, 'Executive Summary', PAGE.left, top + 4, { font: FONT.sansBold, size: 15, color: COLOR.brand });
  let y = top + 4 + PROSE_LINE * 2;
  drawSidebar(doc, s, top + 4 + PROSE_LINE * 0);
  for (const p of s.paragraphs) {
    y = paragraph(doc, p, PAGE.left, y, width, PROSE, PROSE_LINE) + PROSE_LINE * 0.6;
  }
  y += PROSE_LINE * 0.6;
  // One line, never wrapped: parsers look for it verbatim.
  putText(doc, `${s.cutoffLine}.`, PAGE.left, y, { font: FONT.sansOblique, size: 7.6, color: COLOR.grey });
  return y + PROSE_LINE;
}

/** One entry of the "Indice": a section title and the page it starts on. */
export interface TocEntry {
  readonly title: string;
  readonly page: number;
}

/** "Indice" block at the foot of the main column (drawn last, once page numbers are known). */
export function drawTableOfContents(doc: Doc, entries: readonly TocEntry[]): void {
  const width = PAGE.mainRight - PAGE.left;
  let y = PAGE.contentBottom - 30 - entries.length * 15;
  doc.save().moveTo(PAGE.left, y - 8).lineTo(PAGE.mainRight, y - 8).lineWidth(0.5).strokeColor(COLOR.rule).stroke().restore();
  putText(doc, 'Indice', PAGE.left, y, { font: FONT.sansBold, size: 9, color: COLOR.brand });
  y += 16;
  const style: TextStyle = { font: FONT.sans, size: 8, color: COLOR.text };
  for (const e of entries) {
    const lines = wrapLines(doc, e.title, width - 30, style);
    lines.forEach((l, i) => putText(doc, l, PAGE.left, y + i * 11, style));
    const num = String(e.page);
    doc.font(FONT.sans).fontSize(8);
    putText(doc, num, PAGE.mainRight - doc.widthOfString(num), y + (lines.length - 1) * 11, style);
    y += lines.length * 11 + 4;
  }
}
