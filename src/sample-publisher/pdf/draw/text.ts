type Doc = PDFKit.PDFDocument;

/** Font, size and colour of a run of text. */
export interface TextStyle {
  readonly font: string;
  readonly size: number;
  readonly color: string;
}

/** Selects a style on the document (pdfkit keeps font state between calls). */
export function useStyle(doc: Doc, s: TextStyle): Doc {
  return doc.font(s.font).fontSize(s.size).fillColor(s.color);
}

/**
 * Draws one line at (x, y = top of the line) without pdfkit's own wrapping or page breaking:
 * layout is decided here, so pages break only where the renderer says.
 */
export function putText(doc: Doc, text: string, x: number, y: number, s: TextStyle): void {
  useStyle(doc, s).text(text, x, y, { lineBreak: false });
}

/** Draws a line right-aligned on `right`. */
export function putRight(doc: Doc, text: string, right: number, y: number, s: TextStyle): void {
  useStyle(doc, s);
  doc.text(text, right - doc.widthOfString(text), y, { lineBreak: false });
}

/** Draws a line centred between `left` and `right`. */
export function putCentered(doc: Doc, text: string, left: number, right: number, y: number, s: TextStyle): void {
  useStyle(doc, s);
  doc.text(text, left + (right - left - doc.widthOfString(text)) / 2, y, { lineBreak: false });
}

/**
 * Greedy word wrap with the style's metrics; a word longer than the width stays whole.
 * Widths are summed per word (kerning across a space is ignored) so each word is shaped once:
 * measuring every candidate line made wrapping the slowest part of a render.
 */
export function wrapLines(doc: Doc, text: string, width: number, s: TextStyle): string[] {
  // A "\n" in the text is a forced break (used by headings that wrap at a chosen point).
  if (text.includes('\n')) return text.split('\n').flatMap((part) => wrapLines(doc, part, width, s));
  useStyle(doc, s);
  const space = doc.widthOfString(' ');
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const w = doc.widthOfString(word);
    if (line && lineWidth + space + w > width) {
      lines.push(line);
      line = word;
      lineWidth = w;
    } else {
      lineWidth = line ? lineWidth + space + w : w;
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Draws a wrapped paragraph; returns the y below it. */
export function paragraph(doc: Doc, text: string, x: number, y: number, width: number, s: TextStyle, lineHeight: number): number {
  const lines = wrapLines(doc, text, width, s);
  lines.forEach((line, i) => putText(doc, line, x, y + i * lineHeight, s));
  return y + lines.length * lineHeight;
}
