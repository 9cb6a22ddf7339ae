import { createInflate, type Inflate } from 'node:zlib';
import { CONFIG_ENV } from '../../config.ts';
import { PdfTooComplexError } from '../pdf/errors/pdf-too-complex-error.ts';

const STREAM_KEYWORD = /stream\r?\n/g;

/**
 * The filters of the stream whose data starts at `dataStart`: the dictionary just before the
 * `stream` keyword. Only the leading run of FlateDecode stages is followed (the bombs of issue 12
 * chain two of them: 4.9 KB → 700 MB); other filters expand by small factors and are bounded by
 * the worker's memory ceiling instead.
 */
function flateStages(pdf: Buffer, keywordAt: number): number {
  const dict = pdf.subarray(Math.max(0, keywordAt - 1024), keywordAt).toString('latin1');
  const open = dict.lastIndexOf('<<');
  if (open < 0) return 0;
  const m = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict.slice(open));
  if (!m) return 0;
  const names = m[1]!.match(/\/[A-Za-z0-9]+/g) ?? [];
  let n = 0;
  for (const name of names) {
    if (name !== '/FlateDecode' && name !== '/Fl') break;
    n++;
  }
  return n;
}

/** Inflates `data` through `stages` Flate stages, counting the last stage's output; stops past `budget`. */
function inflatedSize(data: Buffer, stages: number, budget: number): Promise<number> {
  return new Promise((resolve) => {
    const chain: Inflate[] = Array.from({ length: stages }, () => createInflate({ chunkSize: 1 << 16 }));
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      for (const s of chain) s.destroy();
      resolve(size);
    };
    for (let i = 0; i + 1 < chain.length; i++) chain[i]!.pipe(chain[i + 1]!);
    const last = chain[chain.length - 1]!;
    last.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) finish();
    });
    last.on('end', finish);
    // Corrupt or trailing bytes after the zlib end: what was inflated so far is the answer;
    // pdf.js reports the corruption itself.
    for (const s of chain) s.on('error', finish);
    chain[0]!.end(data);
  });
}

/**
 * Adds up how many bytes the document's Flate-compressed streams inflate to, without keeping
 * them, and throws {@link PdfTooComplexError} once the total passes `maxDecodedBytes`.
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
    const stages = flateStages(pdf, at);
    if (stages === 0) continue;
    const start = at + m[0].length;
    const end = text.indexOf('endstream', start);
    const data = pdf.subarray(start, end < 0 ? pdf.length : end);
    total += await inflatedSize(data, stages, maxDecodedBytes - total);
    if (total > maxDecodedBytes) {
      throw new PdfTooComplexError(
        CONFIG_ENV.pdfMaxDecodedBytes,
        `its compressed streams inflate to more than ${maxDecodedBytes} bytes`,
        documentSha256 ? { documentSha256 } : {},
      );
    }
  }
  return total;
}
