import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractRelease } from '../../src/extract/pdf/index.ts';
import { classify, describeOutcome } from './layouts/classify.ts';
import { corpusRelease } from './layouts/corpus-data.ts';
import { renderLayoutHtml } from './layouts/render-html.ts';
import { SOFTWARE_FIXTURES } from './layouts/software-fixtures.ts';
import { expectedFigures } from './layouts/table-layout.ts';

/**
 * Issue 9: the same kind of release note set by other software — LibreOffice
 * (`soffice --convert-to pdf`) and Chromium (`--print-to-pdf`) — with per-glyph positioning,
 * CID fonts and their own line spacing. The PDFs are committed (tests/fixtures/layouts, made by
 * `npm run fixtures:layouts`) so this runs without either converter; `<name>.expected.json`
 * beside each is what the note prints.
 */

const dir = new URL('../fixtures/layouts/', import.meta.url);
const OPTS = { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' } as const;

interface Truth {
  readonly producer: string;
  readonly sampleRelease: string;
  readonly meta: { coverMonth: number; coverYear: number; noteNumber: string; dataCutoff: string; referenceYear: number; referenceQuarter: number };
  readonly figures: readonly { entity: string; period: string; metric: string; value: number }[];
}

const truthOf = (name: string): Truth => JSON.parse(readFileSync(new URL(`${name}.expected.json`, dir), 'utf8')) as Truth;
const pdfOf = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}.pdf`, dir)));

describe('release notes set by LibreOffice and Chromium', () => {
  it('the committed fixtures match their generator (else run `npm run fixtures:layouts`)', () => {
    for (const f of SOFTWARE_FIXTURES) {
      expect(readFileSync(new URL(`${f.name}.html`, dir), 'utf8'), f.name).toBe(renderLayoutHtml(f.layout, f.producer));
      const truth = truthOf(f.name);
      const keys = truth.figures.map((x) => `${x.entity}|${x.period}|${x.metric}|${x.value}`);
      expect(keys, f.name).toEqual(expectedFigures(corpusRelease(f.layout.release), f.layout.table));
      expect(keys.some((k) => k.startsWith('Biomedicale di Mirandola|')), f.name).toBe(true);
      expect(truth.producer, f.name).toBe(f.producer);
    }
  });

  for (const f of SOFTWARE_FIXTURES) {
    it(`${f.name}: read exactly, with the note's metadata`, async () => {
      const truth = truthOf(f.name);
      const keys = truth.figures.map((x) => `${x.entity}|${x.period}|${x.metric}|${x.value}`);
      const outcome = await classify(pdfOf(f.name), keys, corpusRelease(truth.sampleRelease));
      expect(describeOutcome(outcome)).toBe('exact');
      const { meta } = await extractRelease(pdfOf(f.name), OPTS);
      expect(meta).toMatchObject({
        title: "Monitor dei Distretti dell'Emilia-Romagna",
        coverMonth: truth.meta.coverMonth,
        coverYear: truth.meta.coverYear,
        dataCutoff: truth.meta.dataCutoff,
        referenceYear: truth.meta.referenceYear,
        referenceQuarter: truth.meta.referenceQuarter,
      });
    });
  }
});
