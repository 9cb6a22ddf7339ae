import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Font names registered in every brief. */
export const FONT = { regular: 'DejaVu', bold: 'DejaVu-Bold', italic: 'DejaVu-Oblique' } as const;

export interface FontFiles {
  readonly regular: Buffer;
  readonly bold: Buffer;
  readonly italic: Buffer;
}

let cached: FontFiles | undefined;

/**
 * Hides a TrueType font's OpenType layout tables (GSUB, GPOS) and its legacy `kern` table by
 * renaming their tags in the table directory, so fontkit lays text out by advance widths
 * alone. Why: the brief is plain Latin text that needs no shaping, and DejaVu's large
 * GPOS/kern tables made text layout ~10–30× slower (it dominated render time); plain advances
 * also mean no ligature glyphs, so extracted text matches the source strings exactly.
 * The subset pdfkit embeds never includes these tables anyway.
 */
export function withoutLayoutTables(ttf: Buffer): Buffer {
  const out = Buffer.from(ttf);
  const count = out.readUInt16BE(4);
  const hidden: Record<string, string> = { GSUB: 'xSUB', GPOS: 'xPOS', kern: 'xern' };
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = out.toString('latin1', at, at + 4);
    const to = hidden[tag];
    if (to) out.write(to, at, 'latin1');
  }
  return out;
}

/**
 * DejaVu Sans from the `dejavu-fonts-ttf` package: pdfkit's built-in Helvetica garbles
 * ≥ − and other glyphs (toolchain notes), DejaVu covers € ° − ≥ and accents. Read once per
 * process; pdfkit embeds a subset of the glyphs used.
 */
export function dejaVuFonts(): FontFiles {
  if (!cached) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    cached = {
      regular: withoutLayoutTables(readFileSync(join(dir, 'DejaVuSans.ttf'))),
      bold: withoutLayoutTables(readFileSync(join(dir, 'DejaVuSans-Bold.ttf'))),
      italic: withoutLayoutTables(readFileSync(join(dir, 'DejaVuSans-Oblique.ttf'))),
    };
  }
  return cached;
}
