/**
 * Writes the release-note fixtures set by other software (issue 9) to tests/fixtures/layouts/:
 * for each fixture the HTML source, the PDF made by LibreOffice (`soffice --headless
 * --convert-to pdf`) or Chromium (`--print-to-pdf`), and `<name>.expected.json`, the figures and
 * metadata the note prints (the truth the extractor is measured against). The PDFs are committed
 * so CI needs neither converter; rerun this after changing tests/extract/layouts.
 *
 *   npm run fixtures:layouts [-- --only libreoffice-known,chromium-known]
 *
 * Needs the Debian packages libreoffice-writer-nogui and chromium (and fonts-dejavu-core).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { periodCode } from '../src/domain/period.ts';
import { corpusRelease } from '../tests/extract/layouts/corpus-data.ts';
import { renderLayoutHtml } from '../tests/extract/layouts/render-html.ts';
import { SOFTWARE_FIXTURES, type SoftwareFixture } from '../tests/extract/layouts/software-fixtures.ts';
import { expectedFigures } from '../tests/extract/layouts/table-layout.ts';

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const only = values.only ? new Set(values.only.split(',')) : undefined;
const outDir = fileURLToPath(new URL('../tests/fixtures/layouts/', import.meta.url));
mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'layout-fixtures-'));

/** LibreOffice with a throwaway profile, so it neither touches nor waits for a running instance. */
function libreoffice(html: string, pdf: string): void {
  const profile = pathToFileURL(join(work, 'lo-profile')).href;
  execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--infilter=HTML (StarWriter)', '--convert-to', 'pdf:writer_pdf_Export', '--outdir', work, html], {
    stdio: 'pipe',
    timeout: 120_000,
  });
  copyFileSync(html.replace(/\.html$/, '.pdf'), pdf);
}

function chromium(html: string, pdf: string): void {
  execFileSync(
    '/usr/bin/chromium',
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, pathToFileURL(html).href],
    { stdio: 'pipe', timeout: 120_000 },
  );
}

function expected(f: SoftwareFixture): unknown {
  const data = corpusRelease(f.layout.release);
  const { info } = data;
  return {
    fixture: f.name,
    producer: f.producer,
    sampleRelease: info.id,
    meta: {
      title: "Monitor dei Distretti dell'Emilia-Romagna",
      coverMonth: info.coverMonth,
      coverYear: info.coverYear,
      noteNumber: info.noteNumber,
      dataCutoff: info.dataCutoff,
      referenceYear: info.refYear,
      referenceQuarter: info.refQuarter,
    },
    periods: Object.fromEntries(Object.entries(data.periods).map(([role, p]) => [role, periodCode(p)])),
    figures: expectedFigures(data, f.layout.table).map((k) => {
      const [entity, period, metric, value] = k.split('|');
      return { entity, period, metric, value: Number(value) };
    }),
  };
}

for (const f of SOFTWARE_FIXTURES) {
  if (only && !only.has(f.name)) continue;
  const started = performance.now();
  const html = join(work, `${f.name}.html`);
  const source = renderLayoutHtml(f.layout, f.producer);
  writeFileSync(html, source);
  writeFileSync(join(outDir, `${f.name}.html`), source);
  const pdf = join(outDir, `${f.name}.pdf`);
  if (f.producer === 'libreoffice') libreoffice(html, pdf);
  else chromium(html, pdf);
  writeFileSync(join(outDir, `${f.name}.expected.json`), `${JSON.stringify(expected(f), null, 1)}\n`);
  console.log(`${f.name}.pdf (${f.producer}) in ${Math.round(performance.now() - started)} ms`);
}
rmSync(work, { recursive: true, force: true });
