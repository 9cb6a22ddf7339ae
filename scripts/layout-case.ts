/**
 * Rebuilds one layout of the layout property test (tests/extract/layout-property.test.ts) so it
 * can be looked at and debugged: writes its PDF, prints the choices it was drawn from and what the
 * extractor makes of it (exact, refused with its findings, or wrong).
 *
 *   npx tsx scripts/layout-case.ts --index 113 [--seed 20250901] [--out var/layout-cases]
 *   pdftoppm -png -r 60 var/layout-cases/case-20250901-113.pdf /tmp/case
 *
 * The index is the layout's position in the run (the test prints it with every wrong reading).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { buildLayout } from '../tests/extract/layouts/build-layout.ts';
import { classify, describeOutcome } from '../tests/extract/layouts/classify.ts';
import { corpusRelease } from '../tests/extract/layouts/corpus-data.ts';
import { layoutChoice } from '../tests/extract/layouts/layout-arbitrary.ts';
import { renderLayoutPdf } from '../tests/extract/layouts/render-pdfkit.ts';
import { expectedFigures } from '../tests/extract/layouts/table-layout.ts';

const { values } = parseArgs({
  options: { index: { type: 'string' }, seed: { type: 'string', default: '20250901' }, out: { type: 'string', default: 'var/layout-cases' } },
});
const index = Number(values.index);
const seed = Number(values.seed);
if (!Number.isInteger(index) || index < 0 || !Number.isInteger(seed)) {
  console.error('usage: npx tsx scripts/layout-case.ts --index N [--seed S] [--out DIR]');
  process.exit(2);
}
// fc.sample draws the same sequence as the test for the same seed, so index N is the test's N
const choice = fc.sample(layoutChoice, { seed, numRuns: index + 1 })[index];
if (!choice) throw new Error(`no layout ${index} for seed ${seed}`);
const layout = buildLayout(choice);
const data = corpusRelease(layout.release);
const bytes = await renderLayoutPdf(layout);
mkdirSync(values.out, { recursive: true });
const file = join(values.out, `case-${seed}-${index}.pdf`);
writeFileSync(file, bytes);
console.log(`${file}\nchoice: ${JSON.stringify(choice)}`);
console.log(describeOutcome(await classify(bytes, expectedFigures(data, layout.table), data)));
