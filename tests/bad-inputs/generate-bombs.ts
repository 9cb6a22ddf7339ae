/**
 * Writes the decompression bombs of issue 12 to tests/bad-inputs/files (committed: they are a few
 * KB; regenerating takes ~7 s, too slow for every test run). `npx tsx tests/bad-inputs/generate-bombs.ts`
 */
import { writeFileSync } from 'node:fs';
import { bombPdf } from './mini-pdf.ts';

for (const mb of [280, 700]) {
  const path = new URL(`./files/bomb-${mb}mb.pdf`, import.meta.url);
  const bytes = await bombPdf(mb);
  writeFileSync(path, bytes);
  console.log(`${path.pathname}: ${bytes.length} bytes inflating to ${mb} MiB of text operators`);
}
