import { FONT } from '../fonts.ts';
import { COLOR, PAGE } from './geometry.ts';
import { drawNotice, MODELLED_NOTICE } from './page-chrome.ts';
import { putCentered, putText, wrapLines } from './text.ts';

type Doc = PDFKit.PDFDocument;

export interface CoverText {
  readonly title: string;
  /** "Giugno 2025" */
  readonly monthYear: string;
  readonly department: string;
  readonly kicker: string;
}

/** Cover: a brand band with the series title, month and year, department at the foot. */
export function drawCover(doc: Doc, c: CoverText): void {
  doc.save();
  doc.rect(0, 0, PAGE.width, 430).fill(COLOR.brand);
  doc.rect(0, 430, PAGE.width, 6).fill(COLOR.accent);
  doc.restore();
  drawNotice(doc, true);
  putText(doc, c.kicker, PAGE.left, 150, { font: FONT.sansBold, size: 11, color: '#CFE3DC' });
  const titleStyle = { font: FONT.sansBold, size: 30, color: '#FFFFFF' };
  const lines = wrapLines(doc, c.title, PAGE.right - PAGE.left - 40, titleStyle);
  lines.forEach((line, i) => putText(doc, line, PAGE.left, 180 + i * 38, titleStyle));
  const y = 180 + lines.length * 38 + 18;
  putText(doc, c.monthYear, PAGE.left, y, { font: FONT.sans, size: 20, color: '#FFFFFF' });
  // A second, large notice in the white area: nobody should mistake a sample for a real note.
  doc.save().roundedRect(PAGE.left, 500, PAGE.right - PAGE.left, 70, 6).lineWidth(2).fillAndStroke(COLOR.noticeFill, COLOR.notice).restore();
  putCentered(doc, MODELLED_NOTICE, PAGE.left, PAGE.right, 516, { font: FONT.sansBold, size: 15, color: COLOR.notice });
  putCentered(doc, 'Documento di esempio: i valori sono in parte modellati e non sono dati ufficiali.', PAGE.left, PAGE.right, 544, {
    font: FONT.sans,
    size: 9,
    color: COLOR.notice,
  });
  putText(doc, c.department, PAGE.left, PAGE.height - 90, { font: FONT.sansBold, size: 10, color: COLOR.brand });
  putText(doc, 'Documento di esempio generato dal sample publisher del progetto distretti.', PAGE.left, PAGE.height - 72, {
    font: FONT.sans,
    size: 8,
    color: COLOR.grey,
  });
}
