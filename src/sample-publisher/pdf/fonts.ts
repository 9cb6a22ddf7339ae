import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Font names registered on every document (DejaVu covers € ° − ’ –, pdfkit's Helvetica does not). */
export const FONT = {
  sans: 'Sans',
  sansBold: 'Sans-Bold',
  sansOblique: 'Sans-Oblique',
  cond: 'Cond',
  condBold: 'Cond-Bold',
} as const;

const FILES: Record<(typeof FONT)[keyof typeof FONT], string> = {
  Sans: 'DejaVuSans.ttf',
  'Sans-Bold': 'DejaVuSans-Bold.ttf',
  'Sans-Oblique': 'DejaVuSans-Oblique.ttf',
  Cond: 'DejaVuSansCondensed.ttf',
  'Cond-Bold': 'DejaVuSansCondensed-Bold.ttf',
};

/**
 * A parsed font as pdfkit accepts it in `registerFont` (any object with `layout`, i.e. a fontkit
 * Font). pdfkit creates a fresh subset per document, so one parsed font serves many documents.
 */
export interface ParsedFont {
  layout(text: string, features?: unknown): unknown;
}

export type FontSet = ReadonlyMap<string, ParsedFont>;

interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string): ParsedFont;
}

let cached: FontSet | undefined;

interface Run {
  readonly glyphs: readonly unknown[];
  readonly positions: readonly Record<string, number>[];
}

/** A fresh run over shared glyphs: pdfkit scales `positions` in place, so each caller needs its own. */
class CopiedRun {
  readonly positions: Record<string, number>[];
  constructor(
    readonly glyphs: readonly unknown[],
    positions: readonly Record<string, number>[],
  ) {
    this.positions = positions.map((p) => ({ ...p }));
  }
  /** Same as fontkit's GlyphRun.advanceWidth: the sum of the (possibly scaled) advances. */
  get advanceWidth(): number {
    return this.positions.reduce((w, p) => w + (p.xAdvance ?? 0), 0);
  }
}

/** Cached shapes per font; bounded so a long-running process cannot grow it without limit. */
const MAX_CACHED_RUNS = 50_000;

/**
 * Wraps a fontkit font so `layout` (text shaping, ~60% of a render) is computed once per string
 * per process instead of once per document: pdfkit's own cache lives and dies with a document.
 * Every other property goes to the font itself.
 */
function withSharedLayoutCache(font: ParsedFont): ParsedFont {
  const runs = new Map<string, Run>();
  const layout = (text: string, features?: unknown): unknown => {
    if (features !== undefined) return font.layout(text, features);
    let run = runs.get(text);
    if (!run) {
      const r = font.layout(text) as Run;
      run = { glyphs: r.glyphs, positions: r.positions.map((p) => ({ ...p })) };
      if (runs.size >= MAX_CACHED_RUNS) runs.clear();
      runs.set(text, run);
    }
    return new CopiedRun(run.glyphs, run.positions);
  };
  return new Proxy(font, {
    get(target, prop) {
      if (prop === 'layout') return layout;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/**
 * The DejaVu TTFs from dejavu-fonts-ttf, parsed once per process with the fontkit that pdfkit
 * itself depends on (resolved from pdfkit's location so it is the same package). Parsing the
 * five fonts for every document took ~200 ms per release; with the parsed fonts (and their
 * shaped strings) reused a release renders in tens of ms.
 */
export function loadFonts(): FontSet {
  if (cached) return cached;
  const req = createRequire(import.meta.url);
  const dir = join(dirname(req.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const fontkit = createRequire(req.resolve('pdfkit')).call(null, 'fontkit') as Fontkit;
  cached = new Map(
    Object.entries(FILES).map(([name, file]) => [name, withSharedLayoutCache(fontkit.create(readFileSync(join(dir, file))))]),
  );
  return cached;
}

/** Registers the fonts on a document under the {@link FONT} names. */
export function registerFonts(doc: PDFKit.PDFDocument, fonts: FontSet): void {
  // @types/pdfkit only lists file/buffer sources; pdfkit also accepts a parsed fontkit font.
  for (const [name, font] of fonts) doc.registerFont(name, font as unknown as Buffer);
}
