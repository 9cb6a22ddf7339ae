import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { assembleBriefData } from '../../src/report/assemble.ts';
import { renderBrief } from '../../src/report/render.ts';
import { pointAt } from '../../src/report/key-messages.ts';
import type { BriefData } from '../../src/report/types.ts';
import { insertFixture } from './fixture.ts';

const OPTS = { runId: 'run-2025-07-20T06-00-00Z-abc123', codeVersion: '0.1.0+test' };
let t: TestDb;
let dir: string;
let data: BriefData;
const pdf: Record<'it' | 'en', { bytes: Buffer; path: string; text: string }> = {} as never;

/** Text as a real PDF reader extracts it (poppler), whitespace collapsed. */
function pdftotext(path: string, extra: string[] = []): string {
  return execFileSync('pdftotext', [...extra, path, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
}

/** Extracted text with line breaks joined, so wrapped sentences can be matched whole. */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

beforeAll(async () => {
  t = await createTestDb();
  await insertFixture(t.db, { source: 'sample' });
  data = await assembleBriefData(t.db, { entitySlug: 'biomedicale-mirandola' });
  dir = mkdtempSync(join(tmpdir(), 'brief-'));
  for (const lang of ['it', 'en'] as const) {
    const bytes = await renderBrief(data, { lang, ...OPTS });
    const path = join(dir, `brief-${lang}.pdf`);
    writeFileSync(path, bytes);
    pdf[lang] = { bytes, path, text: pdftotext(path) };
  }
});
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

describe('renderBrief', () => {
  it('is deterministic: the same inputs give byte-identical PDFs', async () => {
    const again = await renderBrief(data, { lang: 'it', ...OPTS });
    expect(again.equals(pdf.it.bytes)).toBe(true);
    // …and the run id is an input: another run id changes the bytes.
    const other = await renderBrief(data, { lang: 'it', ...OPTS, runId: 'run-other' });
    expect(other.equals(pdf.it.bytes)).toBe(false);
  });

  it('passes qpdf --check', () => {
    for (const lang of ['it', 'en'] as const) {
      const out = execFileSync('qpdf', ['--check', pdf[lang].path], { encoding: 'utf8' });
      expect(out).toContain('No syntax or stream encoding errors found');
    }
  });

  it('embeds every font (DejaVu subsets) so € ° − ≥ and accents render', () => {
    const fonts = execFileSync('pdffonts', [pdf.it.path], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line).toMatch(/DejaVuSans/);
      expect(line).toMatch(/\byes\s+yes\s+yes\b/); // emb sub uni
    }
    expect(pdf.it.text).toContain('\u2212'); // true minus
    expect(pdf.en.text).toContain('€');
    expect(pdf.it.text).toContain('1° trimestre 2025');
    expect(pdf.it.text).toContain('Forlì');
  });

  it('prints the key figures exactly as the database holds them (Italian)', async () => {
    const text = flat(pdf.it.text);
    const stored = await t.db
      .selectFrom('observations')
      .innerJoin('entities', 'entities.id', 'observations.entity_id')
      .select(['entities.slug', 'observations.metric', 'observations.value'])
      .where('observations.release_id', '=', data.release.id)
      .where('observations.period_year', '=', 2025)
      .where('observations.period_first_month', '=', 1)
      .where('observations.period_last_month', '=', 3)
      .where('entities.slug', 'in', ['biomedicale-mirandola', 'er-totale-distretti'])
      .execute();
    const v = (slug: string, metric: string) => stored.find((r) => r.slug === slug && r.metric === metric)!.value;
    expect(v('biomedicale-mirandola', 'exports_meur')).toBe(131);
    expect(v('biomedicale-mirandola', 'yoy_pct')).toBe(-19.1);
    expect(text).toContain('pari a 131 milioni di euro, \u221219,1% rispetto al 1° trimestre 2024 (162 milioni di euro)');
    expect(text).toContain('+19,9%'); // 2024Q1 in the quarterly table
    const total = v('er-totale-distretti', 'exports_meur'); // e.g. 5449.1 → "5.449,1"
    expect(text).toContain(total.toFixed(1).replace(/\B(?=(\d{3})+(?!\d))/g, '.').replace(/\.(\d)$/, ',$1'));
    expect(text).toContain('Nota trimestrale n. 69 (luglio 2025)');
    expect(text).toContain('10.06.2025');
    expect(text).toContain('Primo trimestre di calo tendenziale dopo 16 trimestri di crescita.');
  });

  it('prints the key figures exactly as stored (English) with English number format', () => {
    const text = flat(pdf.en.text);
    expect(text).toContain('exported €131 million, \u221219.1% on the first quarter of 2024 (€162 million)');
    expect(text).toContain('+19.9%');
    const total = pointAt(data, 'er-totale-distretti', 2025, 1)!.exportsMeur!;
    expect(text).toContain(total.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
    expect(text).toContain('Quarterly note n. 69 (July 2025)');
    expect(text).toContain('10 Jun 2025');
    expect(text).toContain('First quarter of year-on-year decline after 16 quarters of growth.');
  });

  it('carries notes, the sources appendix and the reproducibility stamp', () => {
    const text = flat(pdf.en.text);
    expect(text).toContain('ACIMAC');
    expect(text).toContain('ISTAT');
    expect(text).toContain('technology hub');
    expect(text).toMatch(/expected between October and November 2025/);
    for (const r of data.releases) {
      expect(text.replace(/\s+/g, '')).toContain(r.documentSha256);
      expect(text).toContain(r.url!.slice(0, 40));
    }
    expect(text).toContain(OPTS.runId);
    expect(text).toContain('0.1.0+test');
    expect(text).toContain('Data vintage');
  });

  it('says "sample publisher, modelled data" on every page when the source is the sample publisher', () => {
    for (const lang of ['it', 'en'] as const) {
      const pages = pdftotext(pdf[lang].path).split('\f').filter((p) => p.trim());
      expect(pages.length).toBeGreaterThanOrEqual(5);
      const notice = lang === 'it' ? 'EDITORE DI ESEMPIO – DATI MODELLATI' : 'SAMPLE PUBLISHER – MODELLED DATA';
      for (const page of pages) expect(page).toContain(notice);
    }
  });

  it('embeds the data behind every chart and table as CSV attachments that parse', async () => {
    const doc = await getDocument({ data: new Uint8Array(pdf.en.bytes), verbosity: 0 }).promise;
    try {
      const att = (await doc.getAttachments()) as Record<string, { filename: string; content: Uint8Array }>;
      const names = Object.values(att).map((a) => a.filename).sort();
      expect(names).toEqual(
        ['exports-hubs.csv', 'index-base100.csv', 'key-figures.csv', 'latest-yoy-ranked.csv', 'observations.csv', 'revisions.csv', 'sources.csv', 'yoy-by-quarter.csv'].sort(),
      );
      const csv = (name: string) => {
        const a = Object.values(att).find((x) => x.filename === name)!;
        const [head, ...lines] = new TextDecoder().decode(a.content).trimEnd().split('\n');
        const cols = head!.split(',');
        return lines.map((l) => Object.fromEntries(l.split(',').map((c, i) => [cols[i], c])));
      };
      const exportsRows = csv('exports-hubs.csv');
      expect(exportsRows).toHaveLength(60);
      expect(exportsRows.find((r) => r.slug === 'biomedicale-mirandola' && r.quarter === '2024Q1')).toMatchObject({ exports_meur: '162' });
      const ranked = csv('latest-yoy-ranked.csv');
      expect(ranked).toHaveLength(22);
      expect(ranked.at(-1)).toMatchObject({ rank: '22', slug: 'biomedicale-mirandola', yoy_pct: '-19.1', exports_meur: '131' });
      expect(csv('observations.csv')).toHaveLength(data.observations.length);
      expect(csv('revisions.csv').map((r) => [r.quarter, r.metric, r.previous, r.current])).toEqual([
        ['2024Q4', 'exports_meur', '143', '145'],
        ['2024Q4', 'yoy_pct', '13.5', '15.1'],
      ]);

      const meta = await doc.getMetadata();
      expect((meta.info as Record<string, unknown>).Title).toBe('Export briefing: Biomedicale di Mirandola – first quarter of 2025');
      expect(String((meta.info as Record<string, unknown>).Keywords)).toContain(OPTS.runId);
      const outline = (await doc.getOutline()) ?? [];
      expect(outline.map((o) => o.title)).toEqual(['Summary', 'Charts', 'Tables', 'Notes', 'Sources', 'Reproducibility']);
      expect(outline[1]!.items.map((o) => o.title)).toHaveLength(4);
    } finally {
      await doc.destroy();
    }
  });

  it('attachments are also readable by qpdf', () => {
    const list = execFileSync('qpdf', ['--list-attachments', pdf.it.path], { encoding: 'utf8' });
    expect(list).toContain('key-figures.csv');
    const csv = execFileSync('qpdf', ['--show-attachment=key-figures.csv', pdf.it.path], { encoding: 'utf8' });
    expect(csv.split('\n')[0]).toBe('entity,slug,quarter,exports_meur,exports_meur_year_before,yoy_pct');
    expect(csv).toContain('Biomedicale di Mirandola,biomedicale-mirandola,2025Q1,131,162,-19.1');
  });

  it('omits the sample notice for a non-sample source', async () => {
    const t2 = await createTestDb();
    try {
      await insertFixture(t2.db, { source: 'intesa-live' });
      const d2 = await assembleBriefData(t2.db, { entitySlug: 'biomedicale-mirandola' });
      expect(d2.sample).toBe(false);
      const bytes = await renderBrief(d2, { lang: 'en', ...OPTS });
      const path = join(dir, 'live.pdf');
      writeFileSync(path, bytes);
      expect(pdftotext(path)).not.toContain('SAMPLE PUBLISHER');
      expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await t2.close();
    }
  });
});
