/**
 * Proves a change to the extractor changes nothing it reads: prints one line per PDF with a digest
 * of extractRelease's whole output (figures, metadata, fingerprint, warnings) or of its error (name,
 * code, findings, table reports). Run it before and after a change and diff the two files; a
 * speed-only change must leave every line as it was.
 *
 * The PDFs: the layout property test's 500 layouts (seed 20250901) and 100 with headings shifted a
 * year (seed 20250902), every sample release, and the committed LibreOffice/Chromium fixtures.
 * They are rendered once into --dir and reused, so both runs read the same bytes.
 *
 *   npx tsx scripts/extract-digest.ts --out var/digest-before.txt
 *   # …change the extractor…
 *   npx tsx scripts/extract-digest.ts --out var/digest-after.txt
 *   diff var/digest-before.txt var/digest-after.txt && echo identical
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { extractRelease } from '../src/extract/pdf/index.ts';
import { loadSampleCatalog } from '../src/sample-publisher/dataset/index.ts';
import { renderReleasePdf } from '../src/sample-publisher/pdf/index.ts';
import { buildLayout } from '../tests/extract/layouts/build-layout.ts';
import { layoutChoice } from '../tests/extract/layouts/layout-arbitrary.ts';
import { renderLayoutPdf } from '../tests/extract/layouts/render-pdfkit.ts';
import { shiftHeadingYears } from '../tests/extract/layouts/table-layout.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'var/extract-digest.txt' }, dir: { type: 'string', default: 'var/extract-digest-pdfs' } } });
const LAYOUT_OPTS = { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' };
const FIXTURES = 'tests/fixtures/layouts';

async function renderOnce(dir: string): Promise<void> {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true });
  for (const [i, c] of fc.sample(layoutChoice, { seed: 20250901, numRuns: 500 }).entries()) {
    writeFileSync(join(dir, `L${String(i).padStart(3, '0')}.pdf`), await renderLayoutPdf(buildLayout(c)));
  }
  for (const [i, [c, years]] of fc.sample(fc.tuple(layoutChoice, fc.constantFrom(-1, 1)), { seed: 20250902, numRuns: 100 }).entries()) {
    writeFileSync(join(dir, `C${String(i).padStart(3, '0')}.pdf`), await renderLayoutPdf(shiftHeadingYears(buildLayout(c), years)));
  }
  const catalog = loadSampleCatalog();
  for (const info of catalog.releases()) {
    writeFileSync(join(dir, `S-${info.id}--${info.series}--${info.region}.pdf`), await renderReleasePdf(info, catalog.figures(info.id)));
  }
}

/** The whole outcome as text: the release, or the error with everything it carries. */
async function outcome(bytes: Uint8Array, opts: { series: string; region: string }): Promise<string> {
  try {
    return JSON.stringify(await extractRelease(bytes, opts));
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string; findings?: unknown; tables?: unknown; context?: unknown };
    return JSON.stringify({ name: err.name, code: err.code, message: err.message, findings: err.findings, tables: err.tables, context: err.context });
  }
}

await renderOnce(values.dir);
const files = readdirSync(values.dir)
  .sort()
  .map((f) => {
    const sample = /^S-.*--(.*)--(.*)\.pdf$/.exec(f);
    return { file: join(values.dir, f), opts: sample ? { series: sample[1]!, region: sample[2]! } : LAYOUT_OPTS };
  });
if (existsSync(FIXTURES)) {
  for (const f of readdirSync(FIXTURES).filter((n) => n.endsWith('.pdf')).sort()) files.push({ file: join(FIXTURES, f), opts: LAYOUT_OPTS });
}
const lines: string[] = [];
for (const { file, opts } of files) {
  const text = await outcome(new Uint8Array(readFileSync(file)), opts);
  lines.push(`${file} ${createHash('sha256').update(text).digest('hex').slice(0, 16)} ${text.length}`);
}
writeFileSync(values.out, `${lines.join('\n')}\n`);
console.log(`${files.length} PDFs → ${values.out}`);
