import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { loadPdfText } from '../../src/extract/pdf/load.ts';

async function onePagePdf(): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.fontSize(10).text('Distretto della ceramica di Sassuolo   1.234,5', 50, 50);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

describe("pdf.js's core-js push polyfill (src/extract/pdf/native-push.ts)", () => {
  it("is undone once pdf.js's main and worker modules have both loaded, and text still reads", async () => {
    const [page] = await loadPdfText(await onePagePdf());
    expect(page?.items.map((i) => i.str).join(' ')).toContain('Sassuolo');
    // a built-in method has no own `prototype`; core-js's replacement is a plain function that has one
    expect(Object.hasOwn(Array.prototype.push, 'prototype')).toBe(false);
    const xs: number[] = [1];
    expect(xs.push(2, 3)).toBe(3);
    expect(xs).toEqual([1, 2, 3]);
  });
});
