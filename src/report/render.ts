import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { chartSpecs, chartToSvg } from './charts.ts';
import { lineageDataset, rankedDataset, revisionsDataset, sourcesDataset, toCsv, type Dataset } from './datasets.ts';
import { dejaVuFonts, FONT } from './fonts.ts';
import { formatDate, formatPct, MONTHS, quarterLong, quarterShort, quarterCode } from './format.ts';
import { formatTableLevel, quarterlyTable } from './tables.ts';
import { displayName, LABELS, methodology } from './i18n.ts';
import { computeKeyMessages, hubsAverage, pointAt } from './key-messages.ts';
import { ACCENT, bullets, caption, CONTENT_WIDTH, ensureSpace, heading, INK, MUTED, PAGE, paragraph, table, type Column } from './pdf-layout.ts';
import { nextExpectedRelease, type ReleaseCalendar } from '../domain/release-calendar.ts';
import type { BriefData, BriefLang, BriefRelease } from './types.ts';

/** Options of {@link renderBrief}. */
export interface RenderOptions {
  readonly lang: BriefLang;
  /** Printed in the reproducibility stamp and the PDF metadata. */
  readonly runId: string;
  /** Printed in the stamp; part of the inputs' hash. */
  readonly codeVersion: string;
  /** Publication windows for the "next release" note. @defaultValue DEFAULT_CALENDAR */
  readonly calendar?: ReleaseCalendar;
}

import { LAYOUT_VERSION } from './layout-version.ts';

export { LAYOUT_VERSION };

/**
 * The date stamped as the PDF's creation date: the vintage's date (base release published
 * on, else its data cutoff, else its cover month), never the clock — the same inputs must
 * give the same bytes.
 */
export function vintageDate(r: BriefRelease): Date {
  const iso = r.publishedOn ?? r.dataCutoff ?? `${r.coverYear}-${String(r.coverMonth).padStart(2, '0')}-01`;
  return new Date(`${iso}T12:00:00Z`);
}

/** "n. 69 (luglio 2025)" */
function noteLabel(r: BriefRelease, lang: BriefLang): string {
  return `${r.noteNumber ?? (lang === 'it' ? 's.n.' : 'unnumbered')} (${MONTHS[lang][r.coverMonth - 1]} ${r.coverYear})`;
}

/**
 * Renders the briefing PDF with pdfkit: front page with key messages, four vector charts
 * (Vega-Lite → SVG → svg-to-pdfkit), tables, notes, sources appendix and a reproducibility
 * stamp; every chart's and table's data attached as CSV; DejaVu Sans embedded; outline and
 * metadata set. Deterministic: the same data and options give byte-identical output.
 *
 * @example
 * const pdf = await renderBrief(data, { lang: 'it', runId: 'run-1', codeVersion: '0.1.0' });
 */
export async function renderBrief(data: BriefData, opts: RenderOptions): Promise<Buffer> {
  const { lang } = opts;
  const L = LABELS[lang];
  const when = vintageDate(data.release);
  const charts = chartSpecs(data, lang);
  // Charts first (async), the document after: pdfkit writes synchronously.
  const svgs: string[] = [];
  for (const c of charts) svgs.push(await chartToSvg(c));

  const entityName = displayName(data.entity, data, lang);
  const period = quarterLong(data.year, data.quarter, lang);
  const title = `${entityName} – ${period}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
    bufferPages: true,
    pdfVersion: '1.7',
    lang: lang === 'it' ? 'it-IT' : 'en-GB',
    displayTitle: true,
    info: {
      Title: `${L.docTitle}: ${title}`,
      Author: 'distretti',
      Subject: `${L.docTitle} ${L.subtitle} (${data.regionLabel}); ${L.basedOn.toLowerCase()} ${data.release.title} ${noteLabel(data.release, lang)}`,
      Keywords: [data.entity.slug, quarterCode(data.year, data.quarter), lang, `run:${opts.runId}`, `code:${opts.codeVersion}`, `release:${data.release.id}`].join(', '),
      Creator: `distretti ${opts.codeVersion}`,
      Producer: 'distretti report (pdfkit)',
      CreationDate: when,
      ModDate: when,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const fonts = dejaVuFonts();
  doc.registerFont(FONT.regular, fonts.regular);
  doc.registerFont(FONT.bold, fonts.bold);
  doc.registerFont(FONT.italic, fonts.italic);
  doc.font(FONT.regular);

  const attach = (ds: Dataset) =>
    doc.file(Buffer.from(toCsv(ds), 'utf8'), { name: ds.file, type: 'text/csv', description: ds.description, creationDate: when, modifiedDate: when, relationship: 'Data' } as PDFKit.Mixins.PDFAttachmentOptions);
  const outline = doc.outline;

  // ---- Front page -------------------------------------------------------------------
  outline.addItem(lang === 'it' ? 'Sintesi' : 'Summary');
  doc.font(FONT.regular).fontSize(9).fillColor(MUTED).text(`${data.release.title} · ${lang === 'it' ? 'Poli tecnologici' : 'Technology hubs'}`, PAGE.left, doc.y);
  doc.moveDown(0.6);
  doc.font(FONT.bold).fontSize(22).fillColor(ACCENT).text(entityName, { width: CONTENT_WIDTH });
  doc.font(FONT.regular).fontSize(12).fillColor(INK).text(`${L.docTitle} ${L.subtitle}`, { width: CONTENT_WIDTH });
  doc.moveDown(0.8);
  const info: [string, string][] = [
    [L.referencePeriod, period],
    [L.basedOn, `${data.release.title}, ${L.noteNumber} ${noteLabel(data.release, lang)}`],
    [L.dataCutoff.charAt(0).toUpperCase() + L.dataCutoff.slice(1), formatDate(data.release.dataCutoff, lang)],
  ];
  const boxY = doc.y;
  doc.font(FONT.regular).fontSize(9.5);
  const rowH = info.map(([, v]) => doc.heightOfString(v, { width: CONTENT_WIDTH - 150 }) + 5);
  const boxH = rowH.reduce((s, h) => s + h, 0) + 10;
  doc.save().rect(PAGE.left, boxY, CONTENT_WIDTH, boxH).fill('#f4efee').restore();
  let iy = boxY + 7;
  info.forEach(([k, v], i) => {
    doc.font(FONT.bold).fontSize(9.5).fillColor(INK).text(k, PAGE.left + 8, iy, { width: 130 });
    doc.font(FONT.regular).fontSize(9.5).text(v, PAGE.left + 140, iy, { width: CONTENT_WIDTH - 150 });
    iy += rowH[i]!;
  });
  doc.y = boxY + boxH + 12;

  heading(doc, L.keyMessages);
  bullets(
    doc,
    computeKeyMessages(data, lang).map((m) => m.text),
    { size: 10 },
  );

  // Key figures: the entity, the other hubs, their average, the regional total.
  heading(doc, L.keyFigures, 2);
  const prevQ = quarterShort(data.year - 1, data.quarter, lang);
  const curQ = quarterShort(data.year, data.quarter, lang);
  const kfCols: Column[] = [
    { header: L.entityCol, width: 215 },
    { header: `${L.exportsCol}\n${prevQ}`, width: 95, align: 'right' },
    { header: `${L.exportsCol}\n${curQ}`, width: 95, align: 'right' },
    { header: `${L.yoyCol}\n${curQ}`, width: 90, align: 'right' },
  ];
  const kfEnts = data.regionalTotal ? [...data.peers, data.regionalTotal] : [...data.peers];
  const kfRows = kfEnts.map((e) => {
    const c = pointAt(data, e.slug, data.year, data.quarter);
    const p = pointAt(data, e.slug, data.year - 1, data.quarter);
    return [displayName(e, data, lang), formatTableLevel(p?.exportsMeur ?? null, lang), formatTableLevel(c?.exportsMeur ?? null, lang), formatPct(c?.yoyPct ?? null, lang)];
  });
  const avg = hubsAverage(data);
  if (avg) kfRows.splice(data.peers.length, 0, [`${L.hubsAverageLabel} (${avg.count})`, '', '', formatPct(avg.mean, lang)]);
  table(doc, kfCols, kfRows, { size: 8.5, emphasis: (i) => i === 0 });
  caption(doc, `${L.sourceLine(data)} ${L.attachment('key-figures.csv')}`);
  attach({
    file: 'key-figures.csv',
    description: 'Key figures of the front page',
    columns: ['entity', 'slug', 'quarter', 'exports_meur', 'exports_meur_year_before', 'yoy_pct'],
    rows: kfEnts.map((e) => ({
      entity: displayName(e, data, lang),
      slug: e.slug,
      quarter: quarterCode(data.year, data.quarter),
      exports_meur: pointAt(data, e.slug, data.year, data.quarter)?.exportsMeur ?? null,
      exports_meur_year_before: pointAt(data, e.slug, data.year - 1, data.quarter)?.exportsMeur ?? null,
      yoy_pct: pointAt(data, e.slug, data.year, data.quarter)?.yoyPct ?? null,
    })),
  });

  // ---- Charts -----------------------------------------------------------------------
  doc.addPage();
  const chartsItem = outline.addItem(L.charts);
  charts.forEach((c, i) => {
    const svg = svgs[i]!;
    const [, w = '1', h = '1'] = /width="([\d.]+)" height="([\d.]+)"/.exec(svg) ?? [];
    const scale = Math.min(CONTENT_WIDTH / Number(w), 1);
    const drawH = Number(h) * scale;
    if (doc.y + drawH + 50 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    chartsItem.addItem(`${i + 1}. ${c.title}`);
    doc.font(FONT.bold).fontSize(10.5).fillColor(INK).text(`${lang === 'it' ? 'Figura' : 'Figure'} ${i + 1}. ${c.title}`, PAGE.left, doc.y, { width: CONTENT_WIDTH });
    if (c.subtitle) doc.font(FONT.regular).fontSize(8.5).fillColor(MUTED).text(c.subtitle, PAGE.left, doc.y + 1, { width: CONTENT_WIDTH });
    doc.fillColor(INK);
    doc.y += 4;
    const y = doc.y;
    SVGtoPDF(doc, svg, PAGE.left, y, {
      width: Number(w) * scale,
      height: drawH,
      preserveAspectRatio: 'xMinYMin meet',
      assumePt: true,
      fontCallback: (_family, bold) => (bold ? FONT.bold : FONT.regular),
      warningCallback: () => undefined,
    });
    doc.y = y + drawH + 3;
    caption(doc, `${L.sourceLine(data)} ${L.attachment(c.dataset.file)}`);
    doc.y += 14;
    attach(c.dataset);
  });

  // ---- Tables -----------------------------------------------------------------------
  doc.addPage();
  const tablesItem = outline.addItem(L.tables);
  tablesItem.addItem(L.tableQuarterly);
  doc.font(FONT.bold).fontSize(10.5).fillColor(INK).text(`${lang === 'it' ? 'Tavola' : 'Table'} 1. ${L.tableQuarterly}`, PAGE.left, doc.y, { width: CONTENT_WIDTH });
  doc.y += 4;
  const qEnts = kfEnts;
  const sub = Math.floor((CONTENT_WIDTH - 72) / (qEnts.length * 2));
  const qCols: Column[] = [{ header: L.quarterCol, width: 72 }];
  for (let k = 0; k < qEnts.length; k++) {
    qCols.push({ header: lang === 'it' ? 'mln €' : '€m', width: sub, align: 'right' }, { header: '%', width: sub, align: 'right' });
  }
  const { rows: qRows, footnotes: qNotes } = quarterlyTable(data, lang);
  table(doc, qCols, qRows, {
    size: 7.5,
    groupHeader: [{ text: '', span: 1 }, ...qEnts.map((e) => ({ text: displayName(e, data, lang), span: 2 }))],
  });
  for (const n of qNotes) caption(doc, n);
  caption(doc, `${lang === 'it' ? 'Unità: esportazioni in milioni di euro; variazione % sullo stesso trimestre dell’anno precedente.' : 'Units: exports in € million; % change on the same quarter a year earlier.'} ${L.sourceLine(data)} ${L.attachment('exports-hubs.csv, yoy-by-quarter.csv')}`);
  doc.y += 12;

  const ranked = rankedDataset(data);
  tablesItem.addItem(L.tableRanked);
  // Keep the ranking on one page: it is read top to bottom.
  if (doc.y + 40 + (data.latestYoy.length + 2) * 14 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.font(FONT.bold).fontSize(10.5).fillColor(INK).text(`${lang === 'it' ? 'Tavola' : 'Table'} 2. ${L.tableRanked} (${curQ})`, PAGE.left, doc.y, { width: CONTENT_WIDTH });
  doc.y += 4;
  table(
    doc,
    [
      { header: L.rankCol, width: 35, align: 'right' },
      { header: L.entityCol, width: 250 },
      { header: L.kindCol, width: 100 },
      { header: L.yoyCol, width: 55, align: 'right' },
      { header: L.exportsCol, width: 55, align: 'right' },
    ],
    data.latestYoy.map((x, i) => [
      String(i + 1),
      x.name + (x.dataSource !== 'ISTAT' ? ` (${x.dataSource})` : ''),
      x.kind === 'polo' ? L.kindHub : L.kindDistrict,
      formatPct(x.yoyPct, lang),
      formatTableLevel(x.exportsMeur, lang),
    ]),
    { size: 7.5, emphasis: (i) => data.latestYoy[i]?.slug === data.entity.slug },
  );
  caption(doc, `${L.sourceLine(data)} ${L.attachment(ranked.file)}`);

  // ---- Notes ------------------------------------------------------------------------
  doc.y += 16;
  const notesItem = outline.addItem(L.notes);
  notesItem.addItem(L.methodologyTitle);
  heading(doc, L.notes);
  heading(doc, L.methodologyTitle, 2);
  for (const p of methodology(data, lang)) paragraph(doc, p);
  if (data.anyDerived) paragraph(doc, L.derivedNote);
  if (data.sample) paragraph(doc, sampleParagraph(lang), { color: ACCENT });

  notesItem.addItem(L.revisionsTitle);
  // Keep the heading, its paragraph and the start of the table together.
  ensureSpace(doc, Math.min(300, 100 + data.revisions.length * 14));
  heading(doc, L.revisionsTitle, 2);
  paragraph(doc, revisionsIntro(data, lang));
  if (data.revisions.length) {
    table(
      doc,
      [
        { header: L.revisionHeader[0], width: 185 },
        { header: L.revisionHeader[1], width: 80 },
        { header: L.revisionHeader[2], width: 90 },
        { header: L.revisionHeader[3], width: 70, align: 'right' },
        { header: L.revisionHeader[4], width: 70, align: 'right' },
      ],
      data.revisions.map((r) => {
        const v = (x: number) => (r.metric === 'yoy_pct' ? formatPct(x, lang) : formatTableLevel(x, lang));
        return [
          displayName({ slug: r.slug, name: r.name }, data, lang),
          quarterShort(r.year, r.quarter, lang),
          r.metric === 'yoy_pct' ? L.yoyCol : L.exportsCol,
          v(r.previous),
          v(r.current),
        ];
      }),
      { size: 7.5 },
    );
    caption(doc, L.attachment('revisions.csv'));
  }
  attach(revisionsDataset(data));

  notesItem.addItem(L.nextReleaseTitle);
  heading(doc, L.nextReleaseTitle, 2);
  paragraph(doc, nextReleaseText(data, lang, opts.calendar));

  // ---- Sources appendix -------------------------------------------------------------
  outline.addItem(L.sources);
  heading(doc, L.sources);
  for (const r of data.releases) {
    doc.font(FONT.bold).fontSize(8.5).fillColor(INK);
    const head = `${r.title} – ${L.noteNumber} ${noteLabel(r, lang)}${r.refYear && r.refQuarter ? `, ${quarterShort(r.refYear, r.refQuarter, lang)}` : ''}, ${L.dataCutoff} ${formatDate(r.dataCutoff, lang)}${r.source === 'sample' ? (lang === 'it' ? ' [editore di esempio]' : ' [sample publisher]') : ''}`;
    paragraph(doc, head, { size: 8.5, font: FONT.bold, gap: 1 });
    paragraph(doc, `${L.url}: ${r.url ?? '–'}`, { size: 7.5, gap: 1 });
    paragraph(doc, `${L.documentHash}: ${r.documentSha256 ?? '–'}`, { size: 7.5, gap: 1 });
    paragraph(doc, `${L.pages}: ${r.pages.length ? r.pages.join(', ') : '–'}`, { size: 7.5, gap: 6 });
  }
  attach(sourcesDataset(data));

  // ---- Reproducibility stamp --------------------------------------------------------
  outline.addItem(L.reproTitle);
  heading(doc, L.reproTitle);
  const vintage = `${data.release.noteNumber ?? '–'} · ${formatDate(data.release.dataCutoff, lang)} · release #${data.release.id}`;
  const stamp: [string, string][] = [
    [L.runId, opts.runId],
    [L.codeVersion, `${opts.codeVersion} (layout ${LAYOUT_VERSION})`],
    [L.dataVintage, vintage],
    [lang === 'it' ? 'Osservazioni usate' : 'Observations used', `${data.observations.length} (observations.csv)`],
  ];
  for (const [k, v] of stamp) {
    const y = doc.y;
    doc.font(FONT.bold).fontSize(8.5).fillColor(INK).text(k, PAGE.left, y, { width: 140 });
    doc.font(FONT.regular).fontSize(8.5).text(v, PAGE.left + 145, y, { width: CONTENT_WIDTH - 145 });
    doc.y += 2;
  }
  doc.y += 4;
  paragraph(doc, L.inputsNote, { size: 8 });
  attach(lineageDataset(data));

  // ---- Running header and footer on every page --------------------------------------
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not start a new page
    doc.font(FONT.regular).fontSize(7.5).fillColor(MUTED);
    doc.text(`${entityName} · ${quarterShort(data.year, data.quarter, lang)} · ${L.docTitle}`, PAGE.left, 28, { width: CONTENT_WIDTH, lineBreak: false });
    if (data.sample) {
      doc.save().rect(PAGE.left, 40, CONTENT_WIDTH, 16).fill('#fbe3e1').restore();
      doc.font(FONT.bold).fontSize(8).fillColor(ACCENT).text(L.sampleNotice, PAGE.left, 44.5, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
    }
    const fy = doc.page.height - 44;
    doc.moveTo(PAGE.left, fy - 4).lineTo(PAGE.left + CONTENT_WIDTH, fy - 4).lineWidth(0.4).strokeColor('#bbbbbb').stroke();
    doc.font(FONT.regular).fontSize(7).fillColor(MUTED);
    doc.text(`${L.runId} ${opts.runId} · ${L.codeVersion.toLowerCase()} ${opts.codeVersion} · ${L.dataVintage.toLowerCase()} ${data.release.noteNumber ?? '–'} (${formatDate(data.release.dataCutoff, lang)})`, PAGE.left, fy, { width: CONTENT_WIDTH - 80, lineBreak: false });
    doc.text(L.page(i - range.start + 1, range.count), PAGE.left + CONTENT_WIDTH - 80, fy, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor(INK);
  doc.end();
  return done;
}

function sampleParagraph(lang: BriefLang): string {
  return lang === 'it'
    ? "Questa nota è costruita sui dati dell'editore di esempio del progetto: i valori pubblicati sono riprodotti esattamente, le lacune sono colmate con valori modellati. Non citare queste cifre come dati ufficiali."
    : "This brief is built on the project's sample publisher: published values are reproduced exactly, the gaps are filled with modelled values. Do not quote these figures as official data.";
}

function revisionsIntro(data: BriefData, lang: BriefLang): string {
  const prev = data.previousRelease;
  if (!prev) {
    return lang === 'it'
      ? 'Ogni nota può rivedere i trimestri precedenti (nuovi dati ISTAT). Nel database non c’è una nota precedente a quella usata: le revisioni non sono valutabili.'
      : 'Each note may revise earlier quarters (new ISTAT data). The database holds no note before the one used, so revisions cannot be assessed.';
  }
  const n = data.revisions.length;
  return lang === 'it'
    ? `Ogni nota può rivedere i trimestri precedenti (nuovi dati ISTAT). I valori di questa nota sono confrontati con quelli pubblicati nelle note precedenti (l'ultima: ${noteLabel(prev, lang)}): ${n === 0 ? 'nessun dato dei poli e del totale regionale è cambiato.' : `${n} ${n === 1 ? 'dato è cambiato' : 'dati sono cambiati'} (tabella sotto).`}`
    : `Each note may revise earlier quarters (new ISTAT data). This note's values are compared with those published in earlier notes (the latest: ${noteLabel(prev, lang)}): ${n === 0 ? 'no figure of the hubs or the regional total changed.' : `${n} figure${n === 1 ? '' : 's'} changed (table below).`}`;
}

function nextReleaseText(data: BriefData, lang: BriefLang, calendar?: ReleaseCalendar): string {
  const ref = data.release.refYear !== null && data.release.refQuarter !== null ? { y: data.release.refYear, q: data.release.refQuarter } : { y: data.year, q: data.quarter };
  const next = nextExpectedRelease(ref.y, ref.q, calendar);
  const m = (x: { year: number; month: number }) => `${MONTHS[lang][x.month - 1]} ${x.year}`;
  const sameYear = next.from.year === next.to.year;
  const span =
    lang === 'it'
      ? sameYear ? `tra ${MONTHS.it[next.from.month - 1]} e ${m(next.to)}` : `tra ${m(next.from)} e ${m(next.to)}`
      : sameYear ? `between ${MONTHS.en[next.from.month - 1]} and ${m(next.to)}` : `between ${m(next.from)} and ${m(next.to)}`;
  return lang === 'it'
    ? `La nota sul ${quarterLong(next.refYear, next.refQuarter, lang)} è attesa ${span}, dopo la diffusione dei dati ISTAT sulle esportazioni provinciali. La finestra è una stima basata sulle uscite passate: le date possono slittare (la nota sul 4° trimestre 2022 è uscita a luglio 2023).`
    : `The note on the ${quarterLong(next.refYear, next.refQuarter, lang)} is expected ${span}, after ISTAT releases provincial export data. The window is an estimate from past releases: dates slip (the note on Q4 2022 came out in July 2023).`;
}
