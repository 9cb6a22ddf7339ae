import PDFDocument from 'pdfkit';
import type { RenderVariant, SampleCatalog, SampleFigure, SampleReleaseInfo } from '../../src/sample-publisher/types.ts';

/** A small catalog of five releases (titles spelled the ways the real series spells them). */
function release(id: string, refYear: number, refQuarter: 1 | 2 | 3 | 4, publishedOn: string, title: string, month: string): SampleReleaseInfo {
  const [y, m] = publishedOn.split('-').map(Number) as [number, number];
  return {
    id, series: 'monitor-distretti-emilia-romagna', region: 'Emilia-Romagna', refYear, refQuarter,
    coverYear: y, coverMonth: m, publishedOn, dataCutoff: publishedOn, noteNumber: `n. ${4 * refYear + refQuarter - 8033}`,
    department: 'Direzione Studi e Ricerche', author: 'Autrice di prova', title,
    fileName: `Monitor dei Distretti Emilia-Romagna ${month} ${y}.pdf`, layout: 'test',
  };
}

export const FIXTURE_RELEASES: readonly SampleReleaseInfo[] = [
  release('er-2024Q2', 2024, 2, '2024-10-25', "Monitor dei Distretti dell'Emilia-Romagna", 'ottobre'),
  release('er-2024Q3', 2024, 3, '2025-01-20', 'Monitor dei Distretti dell\u2019Emilia-Romagna', 'gennaio'),
  release('er-2024Q4', 2024, 4, '2025-04-15', "Monitor dei Distretti dell'Emilia Romagna", 'aprile'),
  release('er-2025Q1', 2025, 1, '2025-06-26', "Monitor dei Distretti dell'Emilia-Romagna", 'giugno'),
  release('er-2025Q2', 2025, 2, '2025-10-22', "Monitor dei Distretti dell'Emilia-Romagna", 'ottobre'),
];

export function fixtureCatalog(): SampleCatalog {
  const figures = (id: string): SampleFigure[] => {
    const r = FIXTURE_RELEASES.find((x) => x.id === id);
    if (!r) return [];
    const period = `${r.refYear}Q${r.refQuarter}`;
    return [
      { entity: 'Biomedicale di Mirandola', kind: 'polo', period, metric: 'exports_meur', value: 131, modelled: false },
      { entity: 'Biomedicale di Mirandola', kind: 'polo', period, metric: 'yoy_pct', value: -19.1, modelled: true },
    ];
  };
  return {
    releases: () => FIXTURE_RELEASES,
    release: (id) => FIXTURE_RELEASES.find((r) => r.id === id),
    figures,
  };
}

/** A real (tiny) pdfkit PDF that names the release, its variant and its first figure. */
export function fixtureRender(
  info: SampleReleaseInfo,
  figures: readonly SampleFigure[],
  opts: { variant: RenderVariant },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const created = new Date(`${info.publishedOn}T00:00:00Z`);
    const doc = new PDFDocument({ size: 'A4', info: { Title: info.title, CreationDate: created, ModDate: created } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(18).text(`${info.id} ${opts.variant === 'drifted' ? 'DRIFTED LAYOUT' : 'normal layout'}`);
    for (const f of figures) doc.fontSize(10).text(`${f.entity} ${f.period} ${f.metric} ${f.value}`);
    doc.end();
  });
}
