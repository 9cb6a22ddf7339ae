import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSampleCatalog } from '../../src/sample-publisher/dataset/index.ts';
import { renderReleasePdf } from '../../src/sample-publisher/pdf/index.ts';
import type { SampleFigure } from '../../src/sample-publisher/types.ts';
import { deflateSync } from 'node:zlib';
import { lzwRunOfSpaces, miniPdf, textPage } from './mini-pdf.ts';

/** One hostile document and the typed error codes that count as handling it. */
export interface BadPdf {
  readonly name: string;
  readonly bytes: () => Promise<Buffer>;
  readonly codes: readonly string[];
}

const file = (name: string) => readFileSync(new URL(`./files/${name}`, import.meta.url));

/** `qpdf --encrypt` (Debian's qpdf, installed by .ci/run): AES-256 with the given passwords. */
function encrypted(pdf: Buffer, user: string, owner: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'distretti-enc-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('qpdf', ['--encrypt', user, owner, '256', '--', join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
    return readFileSync(join(dir, 'out.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The cross-reference table's offsets and startxref pointing at garbage. */
function brokenXref(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const at = text.lastIndexOf('startxref');
  const xref = text.lastIndexOf('xref', at - 1);
  const garbled = text.slice(0, xref) + 'xref\n0 3\nzzzzzzzzzz 65535 f \n9999999999 00000 n \n' + text.slice(text.indexOf('trailer', xref));
  return Buffer.from(garbled.replace(/startxref\s+\d+/, 'startxref\n123456789'), 'latin1');
}

const aPage = () => textPage(['Monitor dei Distretti', 'Nessuna tabella in questa pagina.']);

/** A real sample release whose figures were replaced by `f`. */
async function releaseWith(f: (v: SampleFigure) => number): Promise<Buffer> {
  const catalog = loadSampleCatalog();
  const info = catalog.release('er-2025Q1')!;
  return renderReleasePdf(info, catalog.figures(info.id).map((x) => ({ ...x, value: f(x) })));
}

const UNREADABLE = 'EXTRACT_PDF_UNREADABLE';
const TOO_COMPLEX = 'EXTRACT_PDF_TOO_COMPLEX';
const DRIFT = 'EXTRACT_LAYOUT_DRIFT';

/** Issue 12's malformed files. Each must fail typed, within bounds, loading nothing. */
export const BAD_PDFS: readonly BadPdf[] = [
  { name: 'zero bytes', bytes: async () => Buffer.alloc(0), codes: [UNREADABLE] },
  { name: 'truncated at 60%', bytes: async () => { const p = miniPdf([aPage()]); return p.subarray(0, Math.floor(p.length * 0.6)); }, codes: [UNREADABLE] },
  { name: 'truncated sample release', bytes: async () => { const p = await releaseWith((f) => f.value); return p.subarray(0, p.length >> 1); }, codes: [UNREADABLE] },
  { name: 'encrypted with a user password', bytes: async () => encrypted(miniPdf([aPage()]), 'secret', 'owner'), codes: [UNREADABLE] },
  { name: 'encrypted, owner password only', bytes: async () => encrypted(miniPdf([aPage()]), '', 'owner'), codes: [DRIFT] },
  { name: 'sample release encrypted with a user password', bytes: async () => encrypted(await releaseWith((f) => f.value), 'secret', 'owner'), codes: [UNREADABLE] },
  { name: 'HTML page', bytes: async () => Buffer.from('<!doctype html><html><body><h1>Monitor</h1>' + ' '.repeat(100) + '</body></html>'), codes: [UNREADABLE] },
  { name: 'PNG image', bytes: async () => Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200, 7)]), codes: [UNREADABLE] },
  { name: 'random bytes with a PDF header', bytes: async () => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251)), Buffer.from('\n%%EOF\n')]), codes: [UNREADABLE, DRIFT] },
  { name: 'no tables', bytes: async () => miniPdf([aPage(), aPage()]), codes: [DRIFT] },
  { name: '3,000 pages', bytes: async () => miniPdf(Array.from({ length: 3000 }, aPage)), codes: [TOO_COMPLEX] },
  { name: 'bomb: 2 Flate stages, 280 MiB of text operators', bytes: async () => file('bomb-280mb.pdf'), codes: [TOO_COMPLEX] },
  { name: 'bomb: 2 Flate stages, 700 MiB of text operators', bytes: async () => file('bomb-700mb.pdf'), codes: [TOO_COMPLEX] },
  {
    name: 'bomb: Flate then LZW, 300 MiB',
    bytes: async () => miniPdf([{ content: deflateSync(lzwRunOfSpaces(300 * 1024 * 1024)), filters: ['/FlateDecode', '/LZWDecode'], encoded: true }]),
    codes: [TOO_COMPLEX],
  },
  {
    name: 'bomb: Flate then RunLength, 300 MiB',
    bytes: async () => {
      const pairs = Buffer.alloc((300 * 1024 * 1024) / 64);
      for (let i = 0; i < pairs.length; i += 2) [pairs[i], pairs[i + 1]] = [129, 0x20];
      return miniPdf([{ content: deflateSync(pairs), filters: ['/FlateDecode', '/RunLengthDecode'], encoded: true }]);
    },
    codes: [TOO_COMPLEX],
  },
  // Number#toFixed prints exponent notation from 1e21 on: cells like "1e+300".
  { name: 'garbage numbers ("1e+300" in every level cell)', bytes: async () => releaseWith((f) => (f.metric === 'exports_meur' ? 1e300 : f.value)), codes: [DRIFT] },
  { name: 'overflowing numbers (21-digit levels)', bytes: async () => releaseWith((f) => (f.metric === 'exports_meur' ? 1e20 + f.value : f.value)), codes: ['RELEASE_QUARANTINED', DRIFT] },
  { name: 'malformed xref, no tables', bytes: async () => brokenXref(miniPdf([aPage()])), codes: [DRIFT, UNREADABLE] },
];

/** A sample release whose xref is broken: pdf.js rebuilds it, and every figure must still read. */
export async function sampleWithBrokenXref(): Promise<Buffer> {
  return brokenXref(await releaseWith((f) => f.value));
}
