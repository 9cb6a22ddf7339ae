import fc from 'fast-check';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadPdfText } from '../../src/extract/pdf/load.ts';
import { assertDecodedSizeWithin } from '../../src/extract/pdf-sandbox/decoded-size.ts';
import { lzwCounter, runLengthCounter } from '../../src/extract/pdf-sandbox/size-counters.ts';
import { PdfTooComplexError } from '../../src/extract/pdf/errors/index.ts';
import { lzwEncode, lzwRunOfSpaces, miniPdf } from './mini-pdf.ts';

/** RunLengthDecode encoding: literal runs of ≤ 128 bytes, repeats of ≤ 128. */
function runLengthEncode(data: Uint8Array): Buffer {
  const out: number[] = [];
  let i = 0;
  while (i < data.length) {
    let r = 1;
    while (i + r < data.length && r < 128 && data[i + r] === data[i]) r++;
    if (r > 1) {
      out.push(257 - r, data[i]!);
      i += r;
      continue;
    }
    const start = i;
    while (i < data.length && i - start < 128 && !(i + 1 < data.length && data[i + 1] === data[i])) i++;
    if (i === start) i++;
    out.push(i - start - 1, ...data.subarray(start, i));
  }
  out.push(128);
  return Buffer.from(out);
}

const countOf = (counter: ReturnType<typeof lzwCounter>, bytes: Uint8Array, split: number) => {
  // fed in two pieces: the counters are streaming
  const at = Math.min(split, bytes.length);
  counter.push(bytes.subarray(0, at));
  counter.push(bytes.subarray(at));
  return counter.count;
};

describe('decoded-size counters for LZW and RunLength (the scan that stops bombs early)', () => {
  it('count exactly the decoded length of any input', () => {
    const input = fc.oneof(fc.uint8Array({ maxLength: 3000 }), fc.stringMatching(/^[ab ]{0,20000}$/).map((s) => Buffer.from(s)));
    fc.assert(
      fc.property(input, fc.nat(5000), (data, split) => {
        expect(countOf(lzwCounter(), lzwEncode(data), split)).toBe(data.length);
        expect(countOf(runLengthCounter(), runLengthEncode(data), split)).toBe(data.length);
      }),
      { numRuns: 300 },
    );
    expect(lzwCounter().count).toBe(0);
  });

  it('the test encoders are what pdf.js reads (LZW, and Flate then RunLength)', async () => {
    const ops = Buffer.from('BT /F1 12 Tf 56 800 Td (Ciao LZW ciao ciao ciao) Tj ET', 'latin1');
    for (const [filters, data] of [
      [['/LZWDecode'], lzwEncode(ops)],
      [['/FlateDecode', '/RunLengthDecode'], deflateSync(runLengthEncode(ops))],
    ] as const) {
      const [page] = await loadPdfText(new Uint8Array(miniPdf([{ content: data, filters: [...filters], encoded: true }])));
      expect(page!.items.map((i) => i.str).join(''), filters.join(' ')).toBe('Ciao LZW ciao ciao ciao');
    }
    expect(lzwCounter().count).toBe(0);
    const run = lzwRunOfSpaces(1_000_000);
    const c = lzwCounter();
    c.push(run);
    expect(c.count).toBe(1_000_000);
  });

  it('stops Flate+RunLength and LZW bombs that the Flate count alone would miss', async () => {
    // 300 MiB of spaces: RunLength pairs (64×) deflated, and LZW codes of a run (~1300×) deflated
    const pairs = Buffer.alloc((300 * 1024 * 1024) / 128 * 2);
    for (let i = 0; i < pairs.length; i += 2) [pairs[i], pairs[i + 1]] = [129, 0x20];
    pairs[pairs.length - 1] = 0x20;
    const rl = miniPdf([{ content: deflateSync(Buffer.concat([pairs, Buffer.from([128])])), filters: ['/FlateDecode', '/RunLengthDecode'], encoded: true }]);
    const lzw = miniPdf([{ content: deflateSync(lzwRunOfSpaces(300 * 1024 * 1024)), filters: ['/FlateDecode', '/LZWDecode'], encoded: true }]);
    console.log(`RunLength bomb ${rl.length} bytes, LZW bomb ${lzw.length} bytes, each 300 MiB decoded`);
    for (const bomb of [rl, lzw]) {
      const err = await assertDecodedSizeWithin(new Uint8Array(bomb), 256 * 1024 * 1024).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PdfTooComplexError);
      expect((err as PdfTooComplexError).context.limit).toBe('DISTRETTI_PDF_MAX_DECODED_BYTES');
    }
  }, 60_000);
});
