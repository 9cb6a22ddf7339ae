import { extractRelease } from './src/extract/pdf/index.ts';
import { loadSampleCatalog } from './src/sample-publisher/dataset/index.ts';
import { renderReleasePdf } from './src/sample-publisher/pdf/index.ts';
const catalog = loadSampleCatalog();
const counts = new Map<string, number>();
for (const info of catalog.releases()) {
  const r = await extractRelease(await renderReleasePdf(info, catalog.figures(info.id)), { series: info.series, region: info.region });
  for (const w of r.warnings ?? []) { counts.set(w.kind, (counts.get(w.kind) ?? 0) + 1); if (w.kind !== 'prose-figure-mismatch') console.log(info.id, w.message); }
}
console.log(counts);
