/**
 * Renders every release of the sample catalog to var/sample-pdfs/<fileName> (file names as
 * published, with spaces). `--variant drifted` writes the drifted variant to
 * var/sample-pdfs/drifted/ instead; `--only er-2025Q1,er-2020Q2` limits the releases.
 *
 *   npm run sample:pdfs [-- --variant drifted] [-- --only er-2025Q1]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSampleCatalog } from '../src/sample-publisher/dataset/index.ts';
import { renderReleasePdf } from '../src/sample-publisher/pdf/index.ts';
import type { RenderVariant } from '../src/sample-publisher/types.ts';

const { values } = parseArgs({
  options: { variant: { type: 'string', default: 'normal' }, only: { type: 'string' } },
});
const variant = values.variant as RenderVariant;
if (variant !== 'normal' && variant !== 'drifted') {
  console.error(`--variant must be normal or drifted, got "${values.variant}"`);
  process.exit(2);
}
const only = values.only ? new Set(values.only.split(',')) : undefined;
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'var', 'sample-pdfs', variant === 'drifted' ? 'drifted' : '');
mkdirSync(outDir, { recursive: true });

const catalog = loadSampleCatalog();
const started = performance.now();
let count = 0;
for (const info of catalog.releases()) {
  if (only && !only.has(info.id)) continue;
  const pdf = await renderReleasePdf(info, catalog.figures(info.id), { variant });
  writeFileSync(join(outDir, info.fileName), pdf);
  count += 1;
  console.log(`${info.id}  ${info.layout.padEnd(8)}  ${String(pdf.length).padStart(7)} bytes  ${info.fileName}`);
}
console.log(`${count} release PDF(s) (${variant}) in ${outDir} — ${(performance.now() - started).toFixed(0)} ms`);
