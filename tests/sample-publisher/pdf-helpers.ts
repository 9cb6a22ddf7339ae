import { execFileSync } from 'node:child_process';
import type { SampleFigure } from '../../src/sample-publisher/types.ts';
import { formatChange, formatLevel, type MinusSign } from '../../src/sample-publisher/pdf/index.ts';

/** Text of each page as poppler's `pdftotext -layout` gives it (the tool the issue names). */
export function pdfPages(pdf: Buffer): string[] {
  const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8', maxBuffer: 32 << 20 });
  const pages = text.split('\f');
  // pdftotext ends every page with a form feed, so the last element is empty.
  if (pages[pages.length - 1]?.trim() === '') pages.pop();
  return pages;
}

/** A figure as its table cell prints it. */
export function printed(f: SampleFigure, minus: MinusSign): string {
  return f.metric === 'exports_meur' ? formatLevel(f.value, minus) : formatChange(f.value, minus);
}

/** Whether some line holds the cells in order, separated only by spaces (a readable table row). */
export function hasRowLine(text: string, cells: readonly string[]): boolean {
  const esc = cells.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(^|\\s)${esc.join(' +')}(\\s|$)`, 'm').test(text);
}
