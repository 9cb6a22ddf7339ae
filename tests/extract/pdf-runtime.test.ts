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

describe("pdf.js's own inflate while it reads (src/extract/pdf/pdfjs-inflate.ts)", () => {
  it('hides DecompressionStream only while parses are in flight, then puts it back as it was', async () => {
    const before = Object.getOwnPropertyDescriptor(globalThis, 'DecompressionStream');
    expect(before).toBeDefined();
    const bytes = await onePagePdf();
    const first = loadPdfText(bytes);
    const second = loadPdfText(bytes);
    expect('DecompressionStream' in globalThis).toBe(false);
    const [[a], [b]] = await Promise.all([first, second]);
    expect(Object.getOwnPropertyDescriptor(globalThis, 'DecompressionStream')).toEqual(before);
    expect(a?.items.map((i) => i.str)).toEqual(b?.items.map((i) => i.str));
    expect(a?.items.map((i) => i.str).join(' ')).toContain('Sassuolo');
  });

  it('puts it back when a parse fails', async () => {
    const before = Object.getOwnPropertyDescriptor(globalThis, 'DecompressionStream');
    const broken = await onePagePdf();
    // keep the header and the %%EOF trailer so pdf.js itself is reached, and break the middle
    broken.fill(0x20, 200, broken.length - 200);
    await expect(loadPdfText(broken)).rejects.toThrow();
    expect(Object.getOwnPropertyDescriptor(globalThis, 'DecompressionStream')).toEqual(before);
  });
});

describe("pdf.js's messages handed over without a copy (src/extract/pdf/pdfjs-port.ts)", () => {
  it("gives every page the same text items as pdf.js's own copying port", async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const { pdfJsWorker } = await import('../../src/extract/pdf/pdfjs-port.ts');
    const { loadSampleCatalog } = await import('../../src/sample-publisher/dataset/index.ts');
    const { renderReleasePdf } = await import('../../src/sample-publisher/pdf/index.ts');
    const catalog = loadSampleCatalog();
    const info = catalog.releases().at(-1)!;
    const bytes = new Uint8Array(await renderReleasePdf(info, catalog.figures(info.id)));
    // pdf.js names a font after its document ("g_d3_f1"): the two documents differ only there
    const textOf = async (worker?: Awaited<ReturnType<typeof pdfJsWorker>>) => {
      const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0, ...(worker ? { worker } : {}) }).promise;
      try {
        const pages: unknown[] = [];
        for (let n = 1; n <= doc.numPages; n++) {
          const { items } = await (await doc.getPage(n)).getTextContent();
          pages.push(items.map((it) => ('fontName' in it ? { ...it, fontName: it.fontName.replace(/_d\d+_/, '_') } : it)));
        }
        return pages;
      } finally {
        await doc.destroy();
      }
    };
    const own = await textOf();
    const direct = await textOf(await pdfJsWorker());
    // several pages of tables: many batches of text items (a batch is replaced as soon as it is sent)
    expect((own as unknown[][]).flat().length).toBeGreaterThan(500);
    expect(direct).toEqual(own);
  });
});
