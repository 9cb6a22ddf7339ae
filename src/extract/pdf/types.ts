/** One positioned run of text as pdf.js reports it (PDF user space, y from the bottom). */
export interface TextItem {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly fontSize: number;
  readonly fontName: string;
}

export interface PageText {
  /** 1-based. */
  readonly page: number;
  readonly width: number;
  readonly height: number;
  readonly items: readonly TextItem[];
}

/** Adjacent items on one line with no column gap between them: a word group or a table cell. */
export interface Chunk {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  /** Baseline of the chunk's main (largest) text. */
  readonly y: number;
  readonly fontSize: number;
  /** Footnote markers set in a smaller font next to the text (superscripts), in order. */
  readonly footnotes: readonly string[];
  /** The text runs the chunk was built from, left to right (to split it again at column edges). */
  readonly pieces: readonly { readonly text: string; readonly x0: number; readonly x1: number }[];
}

/** Chunks sharing a baseline, left to right. */
export interface Line {
  readonly page: number;
  readonly y: number;
  readonly fontSize: number;
  readonly chunks: readonly Chunk[];
}

/** Convenience: the text of a line with chunks joined by single spaces. */
export function lineText(line: Line): string {
  return line.chunks.map((c) => c.text).join(' ');
}
