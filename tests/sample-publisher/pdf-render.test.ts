import { beforeAll, describe, expect, it } from 'vitest';
import {
  HUBS_MISSING_LINE,
  MODELLED_NOTICE,
  renderReleasePdf,
  SamplePdfRenderError,
} from '../../src/sample-publisher/pdf/index.ts';
import { syntheticCatalog } from '../../src/sample-publisher/pdf/synthetic-catalog.ts';
import type { SampleReleaseInfo } from '../../src/sample-publisher/types.ts';
import { pdfPages } from './pdf-helpers.ts';

// Synthetic figures exercise what the real dataset may not contain (n.d. cells, a newcomer
// district, every layout × quarter). The real catalog is covered by pdf-catalog.test.ts.
const catalog = syntheticCatalog();
const rel = (id: string): SampleReleaseInfo => {
  const r = catalog.release(id);
  if (!r) throw new Error(`no synthetic release ${id}`);
  return r;
};
const render = (id: string, variant: 'normal' | 'drifted' = 'normal'): Promise<Buffer> =>
  renderReleasePdf(rel(id), catalog.figures(id), { variant });

const texts = new Map<string, string[]>();
const IDS = ['er-2018Q2', 'er-2019Q3', 'er-2019Q4', 'er-2020Q2', 'er-2021Q4', 'er-2023Q3', 'er-2024Q4', 'er-2025Q1'];

beforeAll(async () => {
  for (const id of IDS) texts.set(id, pdfPages(await render(id)));
});
const pages = (id: string): string[] => texts.get(id) ?? [];
const all = (id: string): string => pages(id).join('\f');

describe('renderReleasePdf (synthetic figures)', () => {
  it('is deterministic: the same inputs give the same bytes', async () => {
    const a = await render('er-2020Q2');
    // pdfkit stamps dates to the second: wait past one so a clock-dependent date would show.
    await new Promise((r) => setTimeout(r, 1100));
    const b = await render('er-2020Q2');
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(a.equals(b)).toBe(true);
    expect((await render('er-2020Q3')).equals(a)).toBe(false);
  });

  it('embeds DejaVu so € − ’ survive as Unicode', async () => {
    const pdf = await render('er-2020Q2');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    expect(all('er-2020Q2')).toContain('(mln €)');
    expect(all('er-2020Q2')).toContain('\u2212');
  });

  it.each(IDS)('%s: notice on every page, 5–7 pages, cover, header, sidebar and cutoff line', (id) => {
    const info = rel(id);
    const p = pages(id);
    expect(p.length).toBeGreaterThanOrEqual(5);
    expect(p.length).toBeLessThanOrEqual(7);
    for (const page of p) expect(page).toContain(MODELLED_NOTICE);
    const cover = p[0] ?? '';
    const months = ['Gennaio', 'Febbraio', 'Marzo', 'Aprile', 'Maggio', 'Giugno', 'Luglio', 'Agosto', 'Settembre', 'Ottobre', 'Novembre', 'Dicembre'];
    const monthYear = `${months[info.coverMonth - 1]} ${info.coverYear}`;
    expect(cover).toContain('Monitor dei Distretti');
    expect(cover).toContain(monthYear);
    expect(p[1]).toContain(`Industry / Monitor dei distretti / Emilia-Romagna / ${monthYear}`);
    expect(p[1]).toContain(`Nota Trimestrale – ${info.noteNumber}`);
    const [y, m, d] = info.dataCutoff.split('-');
    expect(p[1]).toContain(`I dati del presente documento sono aggiornati al ${d}.${m}.${y}`);
    expect(p[p.length - 1]).toContain('Avvertenza generale');
  });

  it.each(IDS)('%s: table 1 breaks across pages with its header repeated', (id) => {
    const p = pages(id);
    const first = p.findIndex((t) => /Tab\. 1 – Export dei distretti tradizionali dell'Emilia-Romagna\s*\n/.test(t));
    const cont = p.findIndex((t) => /Tab\. 1 – .*\((segue|continua)\)/.test(t));
    expect(first).toBeGreaterThan(0);
    expect(cont).toBe(first + 1);
    // pdftotext spaces columns by position, which differs slightly between pages: compare words.
    const headerLine = (t: string): string => (t.split('\n').find((l) => /^\s*Distretto\b/.test(l)) ?? '').trim().replace(/\s+/g, ' ');
    expect(headerLine(p[first] ?? '')).not.toBe('');
    expect(headerLine(p[cont] ?? '')).toBe(headerLine(p[first] ?? ''));
  });

  it('prints each layout’s quarter and cumulative labels and minus sign', () => {
    expect(all('er-2018Q2')).toContain('2° trim. 2018');
    expect(all('er-2018Q2')).toContain('1° sem. 2018');
    expect(all('er-2019Q3')).toContain('gen.-set. 2019');
    expect(all('er-2020Q2')).toContain('II trim. 2020');
    expect(all('er-2020Q2')).toContain('I sem. 2020');
    expect(all('er-2020Q2')).toContain('Var. % vs');
    expect(all('er-2023Q3')).toContain('gennaio-settembre 2023');
    expect(all('er-2024Q4')).toContain('4° trimestre 2024');
    expect(all('er-2025Q1')).toContain('1° trimestre 2025');
    expect(all('er-2025Q1')).not.toContain('gennaio-');
    // Negative changes exist in both: hyphen-minus in classic, U+2212 in pandemic.
    expect(all('er-2020Q2')).toMatch(/\u2212\d/);
    expect(all('er-2020Q2')).not.toMatch(/ -\d/);
    expect(all('er-2018Q2')).toMatch(/ -\d/);
    expect(all('er-2018Q2')).not.toContain('\u2212');
  });

  it('prints sector subtotals, totals, the ACIMAC footnote and n.d. where figures are missing', () => {
    expect(all('er-2018Q2')).toContain('Totale Meccanica');
    expect(all('er-2018Q2')).toContain('Totale distretti');
    // The pandemic name column wraps the total's label over two lines.
    expect(all('er-2020Q2')).toMatch(/Totale distretti[^\n]*\n\s*Emilia-Romagna/);
    expect(all('er-2021Q4')).toMatch(/\(\*\) Dati ACIMAC/);
    expect(all('er-2021Q4')).toMatch(/Emilia \(\*\)/);
    expect(all('er-2023Q3')).not.toMatch(/\(1\) Dati ACIMAC/);
    expect(all('er-2018Q2')).toMatch(/\(1\) Dati ACIMAC/);
    // Meccatronica joins in 2019Q4: no previous-year column in its first year.
    expect(all('er-2019Q4')).toMatch(/Meccatronica di Reggio Emilia\s+n\.d\.\s+[\d.]+,\d\s+n\.d\./);
    expect(all('er-2018Q2')).not.toContain('n.d.');
  });

  it('drifted: renamed % heading, an unknown column and no hubs table', async () => {
    const normal = all('er-2024Q4');
    const drifted = pdfPages(await render('er-2024Q4', 'drifted')).join('\f');
    expect(normal).toContain('Tab. 2 – Export dei poli tecnologici');
    expect(normal).not.toContain('Quota');
    expect(drifted).toMatch(/Quota[^\n]*\n[^\n]*sul[^\n]*\n[^\n]*totale/);
    expect(drifted).toMatch(/Tasso di[^\n]*\n[^\n]*variazione/);
    expect(drifted).not.toContain('Var. %');
    expect(drifted).not.toContain('Tab. 2');
    expect(drifted).toContain(HUBS_MISSING_LINE);
    expect(drifted).toContain(MODELLED_NOTICE);
  });

  it('refuses an unknown layout and a malformed release with typed errors', async () => {
    const info = { ...rel('er-2025Q1'), layout: 'baroque' };
    await expect(renderReleasePdf(info, [])).rejects.toMatchObject({ code: 'SAMPLE_PDF_UNKNOWN_LAYOUT', context: { layout: 'baroque' } });
    await expect(renderReleasePdf(info, [])).rejects.toBeInstanceOf(SamplePdfRenderError);
    const bad = { ...rel('er-2025Q1'), dataCutoff: '10.06.2025' };
    await expect(renderReleasePdf(bad, [])).rejects.toMatchObject({ code: 'SAMPLE_PDF_BAD_RELEASE' });
  });

  it('renders a release without figures as n.d. cells instead of failing', async () => {
    const text = pdfPages(await renderReleasePdf(rel('er-2025Q1'), [])).join('\n');
    expect(text).toMatch(/Piastrelle di Sassuolo\s+n\.d\.\s+n\.d\.\s+n\.d\.\s+n\.d\./);
  });
});

describe('text layer as a PDF library sees it (pdfjs-dist)', () => {
  it('puts the sidebar right of x=415 on the baselines of main-column lines, so naive extraction interleaves', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const { createRequire } = await import('node:module');
    const { dirname, join } = await import('node:path');
    const fontDir = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts/');
    const pdf = await getDocument({ data: new Uint8Array(await render('er-2020Q2')), standardFontDataUrl: fontDir, isEvalSupported: false }).promise;
    try {
      const page = await pdf.getPage(2);
      const items = (await page.getTextContent()).items.flatMap((i) =>
        'str' in i && i.str.trim() ? [{ str: i.str, x: i.transform[4] as number, y: i.transform[5] as number }] : [],
      );
      const note = items.find((i) => i.str === 'Nota Trimestrale – n. 49');
      expect(note?.x).toBeGreaterThanOrEqual(415);
      const main = items.filter((i) => i.x < 400);
      const side = items.filter((i) => i.x >= 415);
      expect(main.some((i) => i.str.startsWith('I dati del presente documento sono aggiornati al 10.09.2020'))).toBe(true);
      const shared = side.filter((s) => main.some((m) => Math.abs(m.y - s.y) < 0.01));
      expect(shared.length).toBeGreaterThanOrEqual(2);
    } finally {
      await pdf.destroy();
    }
  });
});
