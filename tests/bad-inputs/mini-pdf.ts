import { createDeflate, deflateSync } from 'node:zlib';

/**
 * A minimal PDF writer for hostile test inputs: pages of plain Helvetica text, optionally with
 * their content stream compressed through several Flate stages (a decompression bomb). Offsets in
 * the cross-reference table are exact unless a test breaks them on purpose.
 */
export interface MiniPage {
  /** Content stream bytes (PDF operators). */
  readonly content: Buffer;
  /** FlateDecode stages applied to the content (0: stored as is). */
  readonly flateStages?: number;
  /** `content` is already encoded (through `flateStages` Flate stages, or `filters`). */
  readonly encoded?: boolean;
  /** Filter names of already encoded content, e.g. ['/FlateDecode', '/LZWDecode']. */
  readonly filters?: readonly string[];
}

export function miniPdf(pages: readonly MiniPage[]): Buffer {
  const objects: Buffer[] = [];
  const add = (body: Buffer | string): number => objects.push(Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'));
  const catalog = add(''); // placeholders, filled below
  const pagesObj = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const p of pages) {
    let data = p.content;
    for (let i = 0; i < (p.encoded ? 0 : (p.flateStages ?? 0)); i++) data = deflateSync(data, { level: 9 });
    const names = p.filters ?? Array.from({ length: p.flateStages ?? 0 }, () => '/FlateDecode');
    const filter = names.length ? `/Filter [${names.join(' ')}] ` : '';
    const content = add(Buffer.concat([Buffer.from(`<< ${filter}/Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]));
    kids.push(
      add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`),
    );
  }
  objects[catalog - 1] = Buffer.from(`<< /Type /Catalog /Pages ${pagesObj} 0 R >>`, 'latin1');
  objects[pagesObj - 1] = Buffer.from(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`, 'latin1');
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** A page of text lines at 12 pt, top to bottom. */
export function textPage(lines: readonly string[]): MiniPage {
  const ops = lines.map((l, i) => `BT /F1 12 Tf 56 ${800 - i * 16} Td (${l.replace(/[()\\]/g, '\\$&')}) Tj ET`).join('\n');
  return { content: Buffer.from(ops, 'latin1') };
}

/**
 * A one-page bomb: `mb` MiB of text-drawing operators, compressed through `stages` Flate stages.
 * Issue 12's cases: 700 MiB in 4.9 KB and 280 MiB in 2.4 KB. The first stage is streamed, so the
 * inflated content is never held in memory here either.
 */
export async function bombPdf(mb: number, stages = 2): Promise<Buffer> {
  const line = Buffer.from('BT /F1 9 Tf 72 700 Td (Totale 1.234,5 +6,4) Tj ET\n', 'latin1');
  const unit = Buffer.alloc(1024 * 1024, 0x20);
  for (let o = 0; o + line.length <= unit.length; o += line.length) line.copy(unit, o);
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  for (let i = 0; i < mb; i++) {
    if (!deflate.write(unit)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  let data = Buffer.concat(out);
  for (let i = 1; i < stages; i++) data = deflateSync(data, { level: 9 });
  return miniPdf([{ content: data, flateStages: stages, encoded: true }]);
}

/** Packs LZW codes MSB first, with the code widths a PDF reader expects (EarlyChange 1). */
function packLzw(codes: readonly number[]): Buffer {
  const out: number[] = [];
  let acc = 0;
  let nbits = 0;
  let next = 258;
  let prevSet = false;
  for (const code of codes) {
    const width = Math.max(9, Math.min(12, Math.floor(Math.log2(next + 1)) + 1));
    acc = (acc << width) | code;
    nbits += width;
    while (nbits >= 8) {
      out.push((acc >> (nbits - 8)) & 0xff);
      nbits -= 8;
      acc &= (1 << nbits) - 1;
    }
    if (code === 256) {
      next = 258;
      prevSet = false;
    } else {
      if (prevSet && next < 4096) next++;
      prevSet = true;
    }
  }
  if (nbits > 0) out.push((acc << (8 - nbits)) & 0xff);
  return Buffer.from(out);
}

/** LZWDecode encoding (ISO 32000-1 §7.4.4), for test inputs: a clear code whenever the table is nearly full. */
export function lzwEncode(data: Uint8Array): Buffer {
  const codes: number[] = [256];
  let dict = new Map<string, number>();
  let next = 258;
  let w = '';
  for (const byte of data) {
    const c = String.fromCharCode(byte);
    const wc = w + c;
    if (w === '' || dict.has(wc)) {
      w = wc;
      continue;
    }
    codes.push(w.length === 1 ? w.charCodeAt(0) : dict.get(w)!);
    if (next < 4000) dict.set(wc, next++);
    else {
      codes.push(256);
      dict = new Map();
      next = 258;
    }
    w = c;
  }
  if (w !== '') codes.push(w.length === 1 ? w.charCodeAt(0) : dict.get(w)!);
  codes.push(257);
  return packLzw(codes);
}

/**
 * LZW codes of `total` spaces, written directly (the codes of a run are 32, 258, 259, …), so a
 * bomb of hundreds of MiB costs no encoding time. Equal to `lzwEncode` of the same run.
 */
export function lzwRunOfSpaces(total: number): Buffer {
  const codes: number[] = [256];
  let left = total;
  while (left > 0) {
    codes.push(32);
    left -= 1;
    let next = 258;
    for (let len = 2; left >= len && next < 4000; len++, next++) {
      codes.push(next);
      left -= len;
    }
    if (left > 0) codes.push(256);
    // a remainder shorter than the next string starts a new table
  }
  codes.push(257);
  return packLzw(codes);
}
