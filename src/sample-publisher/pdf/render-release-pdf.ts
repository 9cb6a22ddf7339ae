import PDFDocument from 'pdfkit';
import { periodCode, quarterPeriod } from '../../domain/period.ts';
import { REGIONS, membersAt, type RegionRegistry } from '../../domain/registry/index.ts';
import type { RenderVariant, SampleFigure, SampleReleaseInfo } from '../types.ts';
import { drawBarChart } from './draw/chart.ts';
import { drawCover } from './draw/cover.ts';
import { drawDisclaimerPage } from './draw/disclaimer-page.ts';
import { COLOR, PAGE } from './draw/geometry.ts';
import { Pager } from './draw/page-chrome.ts';
import { drawSummaryPage, drawTableOfContents } from './draw/summary-page.ts';
import { drawTable, drawTableNotes, type TablePlacement } from './draw/table.ts';
import { paragraph, putText } from './draw/text.ts';
import { indexFigures, lookup } from './figure-index.ts';
import { FONT, loadFonts, registerFonts, type FontSet } from './fonts.ts';
import { formatDateDots, monthYear } from './format.ts';
import { layoutById, type LayoutSpec } from './layouts/index.ts';
import { writeProse } from './prose.ts';
import { SamplePdfRenderError } from './render-error.ts';
import { buildDistrictsTable, buildHubsTable, SECTOR_ORDER, type TableInput, type TableModel } from './table-model.ts';

type Doc = PDFKit.PDFDocument;

/** Options of {@link renderReleasePdf}. */
export interface RenderOptions {
  /**
   * 'drifted' spoils the layout on purpose (renamed % headings, an unknown column, no hubs
   * table: see LAYOUTS.md) for the site's "layout changed" fault mode.
   * @defaultValue 'normal'
   */
  readonly variant?: RenderVariant;
  /** Parsed fonts; loaded once per process from dejavu-fonts-ttf when omitted. */
  readonly fonts?: FontSet;
}

export const SOURCE_LINE = 'Fonte: elaborazioni Intesa Sanpaolo su dati ISTAT (modellati)';
export const HUBS_MISSING_LINE = 'I dati dei poli tecnologici sono disponibili su richiesta.';
const DISTRICTS_HEADING = "L'evoluzione dell'export dei distretti tradizionali dell'Emilia-Romagna";
const HUBS_HEADING = "I Poli tecnologici dell'Emilia-Romagna";
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The registry a release belongs to, by region id ('emilia-romagna') or label ('Emilia-Romagna'). */
function registryFor(info: SampleReleaseInfo): RegionRegistry {
  const want = info.region.toLowerCase();
  const r = Object.values(REGIONS).find((x) => x.region === want || x.label.toLowerCase() === want);
  if (!r) {
    throw new SamplePdfRenderError('SAMPLE_PDF_BAD_RELEASE', `release ${info.id}: unknown region "${info.region}"; add its registry under src/domain/registry`, {
      releaseId: info.id,
      region: info.region,
    });
  }
  return r;
}

function checkInfo(info: SampleReleaseInfo): void {
  const bad = (what: string): never => {
    throw new SamplePdfRenderError('SAMPLE_PDF_BAD_RELEASE', `release ${info.id}: ${what}; fix the catalog entry`, { releaseId: info.id });
  };
  if (![1, 2, 3, 4].includes(info.refQuarter)) bad(`refQuarter must be 1..4, got ${info.refQuarter}`);
  if (!ISO_DATE.test(info.publishedOn)) bad(`publishedOn must be YYYY-MM-DD, got "${info.publishedOn}"`);
  if (!ISO_DATE.test(info.dataCutoff)) bad(`dataCutoff must be YYYY-MM-DD, got "${info.dataCutoff}"`);
  if (info.coverMonth < 1 || info.coverMonth > 12) bad(`coverMonth must be 1..12, got ${info.coverMonth}`);
}

/** Collects a pdfkit stream into one Buffer. */
function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function tablePlacement(spec: LayoutSpec): TablePlacement {
  return {
    x: PAGE.left,
    width: PAGE.right - PAGE.left,
    nameWidth: spec.nameColumnWidth,
    numbersOn: spec.numbersOn,
    continuedSuffix: spec.continuedSuffix,
  };
}

function sectionHeading(doc: Doc, text: string, y: number): number {
  putText(doc, text, PAGE.left, y, { font: FONT.sansBold, size: 12.5, color: COLOR.brand });
  return y + 24;
}

const PROSE = { font: FONT.sans, size: 9, color: COLOR.text } as const;

/** Section with prose, the bar chart and table 1 (which always runs onto the next page); returns the y below it. */
function drawDistrictsSection(doc: Doc, pager: Pager, input: TableInput, table: TableModel, text: string): number {
  const { info, spec, figures, registry } = input;
  let y = sectionHeading(doc, DISTRICTS_HEADING, pager.innerPage());
  y = paragraph(doc, text, PAGE.left, y, PAGE.right - PAGE.left, PROSE, 13.2) + 12;
  const q = periodCode(quarterPeriod(info.refYear, info.refQuarter));
  const bars = membersAt(registry, info.refYear, info.refQuarter)
    .filter((e) => e.kind === 'distretto')
    .flatMap((e) => {
      const v = lookup(figures, e.name, q, 'yoy_pct');
      return v === undefined ? [] : [{ label: spec.rowName(e, info.refYear), value: v }];
    });
  const caption = `Fig. 2 – Export dei distretti: variazione % tendenziale, ${spec.quarterLabel(info.refYear, info.refQuarter)}`;
  y = drawBarChart(doc, caption, bars, { x: PAGE.left, y, width: PAGE.right - PAGE.left, labelWidth: 200 }, spec.minus) + 10;
  y = drawTable(doc, table, y, tablePlacement(spec), pager);
  return drawTableNotes(doc, [...table.footnotes, SOURCE_LINE], PAGE.left, y + 2);
}

/** Fig. 1 under the summary: % change of each sector's districts in the quarter. */
function drawSectorChart(doc: Doc, input: TableInput, y: number): void {
  const { info, spec, figures, registry } = input;
  const q = periodCode(quarterPeriod(info.refYear, info.refQuarter));
  const bars = SECTOR_ORDER.flatMap((sector) => {
    const agg = registry.entities.find((e) => e.kind === 'aggregato' && e.aggregates === sector);
    const v = agg ? lookup(figures, agg.name, q, 'yoy_pct') : undefined;
    return v === undefined ? [] : [{ label: sector, value: v }];
  });
  if (bars.length === 0) return;
  const caption = `Fig. 1 – Export per settore: var. % tendenziale, ${spec.quarterLabel(info.refYear, info.refQuarter)}`;
  drawBarChart(doc, caption, bars, { x: PAGE.left, y, width: PAGE.mainRight - PAGE.left, labelWidth: 80 }, spec.minus);
}

/** Room the hubs section needs (heading, paragraph, a 4-row table, notes) to share a page. */
const HUBS_SECTION_HEIGHT = 260;

/** Hubs section: below table 1 when it fits on that page, else on a new page. */
function drawHubsSection(doc: Doc, pager: Pager, input: TableInput, table: TableModel, text: string, after: number): number {
  const start = after + HUBS_SECTION_HEIGHT <= PAGE.contentBottom ? after + 22 : pager.innerPage();
  const page = pager.count;
  let y = sectionHeading(doc, HUBS_HEADING, start);
  y = paragraph(doc, text, PAGE.left, y, PAGE.right - PAGE.left, PROSE, 13.2) + 14;
  if (input.drifted) {
    putText(doc, HUBS_MISSING_LINE, PAGE.left, y, PROSE);
    return page;
  }
  y = drawTable(doc, table, y, tablePlacement(input.spec), pager);
  drawTableNotes(doc, [...table.footnotes, SOURCE_LINE], PAGE.left, y + 2);
  return page;
}

/**
 * Renders one sample release as a PDF in the monitor's structure (cover, summary with
 * sidebar, districts chart and table, hubs table, disclaimer; LAYOUTS.md describes each layout).
 * Deterministic: the same inputs give byte-identical output (dates come from the release).
 *
 * @example
 * const pdf = await renderReleasePdf(catalog.release('er-2025Q1')!, catalog.figures('er-2025Q1'));
 * @throws SamplePdfRenderError SAMPLE_PDF_UNKNOWN_LAYOUT / SAMPLE_PDF_BAD_RELEASE
 */
export async function renderReleasePdf(
  info: SampleReleaseInfo,
  figures: readonly SampleFigure[],
  opts: RenderOptions = {},
): Promise<Buffer> {
  checkInfo(info);
  const spec = layoutById(info.layout, info.id);
  const registry = registryFor(info);
  const input: TableInput = { info, spec, registry, figures: indexFigures(figures), drifted: opts.variant === 'drifted' };
  const districts = buildDistrictsTable(input);
  const hubs = buildHubsTable(input);
  const prose = writeProse(input);
  const cover = monthYear(info.coverMonth, info.coverYear);
  // Fixed dates make the document id (an MD5 of the info dict) and the XMP stable.
  const stamp = new Date(`${info.publishedOn}T09:00:00Z`);

  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    margin: 0,
    compress: true,
    info: {
      Title: `${info.title} – ${cover}`,
      Author: info.author,
      Subject: `Nota Trimestrale – ${info.noteNumber}`,
      Keywords: 'dati modellati, modelled data, sample publisher',
      Creator: 'distretti sample publisher',
      Producer: 'PDFKit',
      CreationDate: stamp,
      ModDate: stamp,
    },
  });
  const done = collect(doc);
  registerFonts(doc, opts.fonts ?? loadFonts());
  const pager = new Pager(doc, {
    header: `Industry / Monitor dei distretti / ${registry.label} / ${cover}`,
    footer: `${info.title} – ${cover}`,
  });

  pager.coverPage();
  drawCover(doc, { title: info.title, monthYear: cover, department: info.department, kicker: 'Industry Research' });
  const afterSummary = drawSummaryPage(
    doc,
    {
      paragraphs: prose.summary,
      cutoffLine: `I dati del presente documento sono aggiornati al ${formatDateDots(info.dataCutoff)}`,
      noteLine: `Nota Trimestrale – ${info.noteNumber}`,
      department: info.department,
      author: info.author,
      keyNumbers: prose.keyNumbers,
    },
    pager.innerPage(),
  );
  drawSectorChart(doc, input, afterSummary + 18);
  const afterDistricts = drawDistrictsSection(doc, pager, input, districts, prose.districts);
  const hubsPage = drawHubsSection(doc, pager, input, hubs, prose.hubs, afterDistricts);
  drawDisclaimerPage(doc, pager.innerPage());
  if (spec.tableOfContents) {
    // Page numbers are known only now; pages are buffered so page 2 can still be drawn on.
    doc.switchToPage(1);
    drawTableOfContents(doc, [
      { title: 'Executive Summary', page: 2 },
      { title: DISTRICTS_HEADING, page: 3 },
      { title: HUBS_HEADING, page: hubsPage },
    ]);
  }
  doc.end();
  return done;
}
