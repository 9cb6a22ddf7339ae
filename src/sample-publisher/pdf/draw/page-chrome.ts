import { FONT } from '../fonts.ts';
import { COLOR, PAGE } from './geometry.ts';
import { putCentered, putRight, putText } from './text.ts';

type Doc = PDFKit.PDFDocument;

/** The notice every page carries: the data are modelled, this is not the real publisher. */
export const MODELLED_NOTICE = 'Dati modellati / modelled data — sample publisher';

/** What the running header and footer print. */
export interface ChromeText {
  /** "Industry / Monitor dei distretti / Emilia-Romagna / Giugno 2025" */
  readonly header: string;
  /** Series title for the footer. */
  readonly footer: string;
}

/** Red-bordered banner at the top of a page (drawn on every page, the cover included). */
export function drawNotice(doc: Doc, onDark = false): void {
  const w = 300;
  const x = (PAGE.width - w) / 2;
  doc.save();
  doc.roundedRect(x, 12, w, 17, 3).lineWidth(1).fillAndStroke(onDark ? '#FFFFFF' : COLOR.noticeFill, COLOR.notice);
  doc.restore();
  putCentered(doc, MODELLED_NOTICE, x, x + w, 16.5, { font: FONT.sansBold, size: 8, color: COLOR.notice });
}

/** Running header, rule and footer of an inner page. */
export function drawInnerChrome(doc: Doc, text: ChromeText, pageNumber: number): void {
  drawNotice(doc);
  putText(doc, text.header, PAGE.left, 42, { font: FONT.sans, size: 8, color: COLOR.grey });
  doc.save().moveTo(PAGE.left, 56).lineTo(PAGE.right, 56).lineWidth(1.2).strokeColor(COLOR.brand).stroke().restore();
  const fy = PAGE.height - 38;
  doc.save().moveTo(PAGE.left, fy - 6).lineTo(PAGE.right, fy - 6).lineWidth(0.4).strokeColor(COLOR.rule).stroke().restore();
  putText(doc, text.footer, PAGE.left, fy, { font: FONT.sans, size: 7, color: COLOR.grey });
  putRight(doc, String(pageNumber), PAGE.right, fy, { font: FONT.sansBold, size: 7.5, color: COLOR.grey });
}

/**
 * Adds pages with their chrome and counts them, so drawing code asks for "a new inner page"
 * and gets back the y where content starts.
 */
export class Pager {
  private pages = 0;
  constructor(
    private readonly doc: Doc,
    private readonly text: ChromeText,
  ) {}

  /** Adds the cover page (notice only; the cover draws the rest). */
  coverPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.pages += 1;
  }

  /** Adds an inner page with header and footer; returns the first content y. */
  innerPage(): number {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.pages += 1;
    drawInnerChrome(this.doc, this.text, this.pages);
    return PAGE.contentTop;
  }

  get count(): number {
    return this.pages;
  }
}
