/**
 * Regenerates data/sample/*.csv from data/published/*.csv (see data/README.md).
 * Deterministic: running it twice gives identical files; a test checks the committed files
 * match a fresh run. Usage: `npm run sample:generate`.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { DEFAULT_SAMPLE_DIR, generateSampleData, publishedCsvTexts, SAMPLE_FILES } from '../src/sample-publisher/dataset/index.ts';

const { quarterly, other } = publishedCsvTexts();
const sample = generateSampleData(quarterly, other);
mkdirSync(DEFAULT_SAMPLE_DIR, { recursive: true });
for (const name of SAMPLE_FILES) {
  writeFileSync(`${DEFAULT_SAMPLE_DIR}${name}`, sample.files[name]);
  console.log(`wrote data/sample/${name} (${sample.files[name].split('\n').length - 2} rows)`);
}
