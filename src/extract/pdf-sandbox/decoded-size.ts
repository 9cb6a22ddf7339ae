import { createInflate, type Inflate } from 'node:zlib';
import { PdfTooComplexError } from '../pdf/errors/pdf-too-complex-error.ts';
import { limitName } from '../pdf/limit-name.ts';
import { lzwCounter, runLengthCounter, type SizeCounter } from './size-counters.ts';

const STREAM_KEYWORD = /stream\r?\n/g;

/** How a stream's data is decoded, as far as the scan follows it. */
interface Chain {
  /** Leading FlateDecode stages (the bombs of issue 12 chain two of them: 4.9 KB → 700 MB). */
  readonly flate: number;
  /** A final LZW or RunLength stage, counted without decoding. */
  readonly last?: () => SizeCounter;
}

const COUNTERS: Readonly<Record<string, () => SizeCounter>> = {
  '/LZWDecode': () => lzwCounter(),
  '/LZW': () => lzwCounter(),
  '/RunLengthDecode': runLengthCounter,
  '/RL': runLengthCounter,
};

/**
 * The filters of the stream whose `stream` keyword is at `keywordAt`, from the dictionary just
 * before it. Flate stages are followed, then one final LZW or RunLength stage; any other filter
 * ends the scan of that stream (the ASCII filters shrink data; image filters are not decoded to
 * read text), and what it would still expand is left to the worker's memory ceiling.
 */
function chainOf(pdf: Buffer, keywordAt: number): Chain {
  const dict = pdf.subarray(Math.max(0, keywordAt - 1024), keywordAt).toString('latin1');
  const open = dict.lastIndexOf('<<');
  if (open < 0) return { flate: 0 };
  const m = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict.slice(open));
  if (!m) return { flate: 0 };
  const names = m[1]!.match(/\/[A-Za-z0-9]+/g) ?? [];
  let flate = 0;
  while (flate < names.length && (names[flate] === '/FlateDecode' || names[flate] === '/Fl')) flate++;
  const last = flate === names.length - 1 ? COUNTERS[names[flate]!] : undefined;
  return last ? { flate, last } : { flate };
}

/** Decodes `data` through the chain, counting the last stage's output; stops past `budget`. */
function decodedSize(data: Buffer, chain: Chain, budget: number): Promise<number> {
  const counter = chain.last?.();
  if (chain.flate === 0) {
    counter?.push(data);
    return Promise.resolve(counter?.count ?? 0);
  }
  return new Promise((resolve) => {
    const stages: Inflate[] = Array.from({ length: chain.flate }, () => createInflate({ chunkSize: 1 << 16 }));
    let size = 0;
    let done = false;
    const total = () => counter?.count ?? size;
    const finish = () => {
      if (done) return;
      done = true;
      for (const s of stages) s.destroy();
      resolve(total());
    };
    for (let i = 0; i + 1 < stages.length; i++) stages[i]!.pipe(stages[i + 1]!);
    const last = stages[stages.length - 1]!;
    last.on('data', (chunk: Buffer) => {
      size += chunk.length;
      counter?.push(chunk);
      if (total() > budget) finish();
    });
    last.on('end', finish);
    // Corrupt or trailing bytes after the zlib end: what was inflated so far is the answer;
    // pdf.js reports the corruption itself.
    for (const s of stages) s.on('error', finish);
    stages[0]!.end(data);
  });
}

/**
 * Adds up how many bytes the document's compressed streams (Flate, then LZW or RunLength) decode
 * to, without keeping them, and throws {@link PdfTooComplexError} once the total passes `maxDecodedBytes`.
 * A crude scan (every `stream` keyword), which is the point: it does not trust the file's own
 * lengths or cross-reference table.
 */
export async function assertDecodedSizeWithin(bytes: Uint8Array, maxDecodedBytes: number, documentSha256?: string): Promise<number> {
  const pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = pdf.toString('latin1');
  let total = 0;
  for (const m of text.matchAll(STREAM_KEYWORD)) {
    const at = m.index;
    if (at > 0 && /[A-Za-z]/.test(text[at - 1]!)) continue; // "endstream"
    const chain = chainOf(pdf, at);
    if (chain.flate === 0 && !chain.last) continue;
    const start = at + m[0].length;
    const end = text.indexOf('endstream', start);
    const data = pdf.subarray(start, end < 0 ? pdf.length : end);
    total += await decodedSize(data, chain, maxDecodedBytes - total);
    if (total > maxDecodedBytes) {
      throw new PdfTooComplexError(
        await limitName('pdfMaxDecodedBytes'),
        `its compressed streams decode to more than ${maxDecodedBytes} bytes`,
        documentSha256 ? { documentSha256 } : {},
      );
    }
  }
  return total;
}
