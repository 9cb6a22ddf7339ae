import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { membersAt, EMILIA_ROMAGNA, type EntityDef } from '../../src/domain/registry/index.ts';

/**
 * Builds small, real PDFs in a layout of its own (not the sample publisher's), to exercise what the
 * extractor must survive: columns in another order, years printed above the quarter label, names
 * wrapped with the numbers on the last line, aliases and curly apostrophes, superscript footnote
 * markers, U+2212 minus, "n.d.", a generic "Totale", a table split across pages, and a sidebar
 * sharing baselines with the main column.
 */

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT = join(fontDir, 'DejaVuSans.ttf');
const FONT_BOLD = join(fontDir, 'DejaVuSans-Bold.ttf');

export interface FixtureRow {
  readonly entity: EntityDef;
  /** Label as printed (may differ from the canonical name). */
  readonly label: string;
  readonly prev: number;
  readonly cur: number;
  /** When set, the yoy cell prints "n.d.". */
  readonly yoyMissing?: boolean;
  readonly marker?: string;
}

export interface FixtureOptions {
  /** Extra row with a label the registry does not know. */
  readonly unknownRow?: string;
  /** Leave the hubs table out. */
  readonly withoutHubs?: boolean;
  /** Heading of the yoy column. */
  readonly yoyHeading?: string;
  /** Leave these districts out. */
  readonly drop?: readonly string[];
  /** Continue the districts table on the next page without repeating its heading. */
  readonly noRepeatedHeading?: boolean;
  /** Print these two entities' labels on each other's numbers (rows joined to the wrong label). */
  readonly swapLabels?: readonly [string, string];
}

const round1 = (v: number): number => Math.round(v * 10) / 10;
const fmt = (v: number, signed: boolean): string => {
  const abs = Math.abs(v).toFixed(1).split('.');
  const int = (abs[0] ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const body = `${int},${abs[1]}`;
  if (!signed) return v < 0 ? `\u2212${body}` : body;
  return v > 0 ? `+${body}` : v < 0 ? `\u2212${body}` : body;
};

/** Printed label: aliases, curly apostrophes, an accent dropped. */
function printedLabel(e: EntityDef): string {
  switch (e.name) {
    case "Macchine per l'imballaggio di Bologna":
      return 'Macchine per l\u2019imballaggio di Bologna';
    case 'Mobili imbottiti di Forlì':
      return 'Mobili imbottiti di Forli';
    case 'Ciclomotori di Bologna':
      return 'Moto e ciclomotori di Bologna';
    case 'Meccanica (distretti ER)':
      return 'Totale Meccanica';
    case 'Agro-alimentare (distretti ER)':
      return 'Agroalimentare';
    case 'Sistema moda (distretti ER)':
      return 'Totale Sistema moda';
    case 'Sistema casa (distretti ER)':
      return 'Sistema casa';
    case 'Totale distretti Emilia-Romagna':
    case 'Totale poli tecnologici Emilia-Romagna':
      return 'Totale';
    default:
      return e.name;
  }
}

/** Rows of the 2025Q1 fixture, members then aggregates, levels from a simple formula. */
export function fixtureRows(opts: FixtureOptions = {}): { districts: FixtureRow[]; hubs: FixtureRow[] } {
  const members = membersAt(EMILIA_ROMAGNA, 2025, 1).filter((e) => !opts.drop?.includes(e.name));
  const leaf = (e: EntityDef, i: number): FixtureRow => {
    const prev = round1(80 + ((i * 137.7) % 1900));
    const cur = round1(prev * (1 + (((i * 7) % 23) - 11) / 100));
    return {
      entity: e,
      label: printedLabel(e),
      prev,
      cur,
      ...(e.name === 'Salumi di Parma' ? { yoyMissing: true } : {}),
      ...(e.name === 'Piastrelle di Sassuolo' ? { marker: '1' } : {}),
    };
  };
  const sum = (rows: FixtureRow[], e: EntityDef): FixtureRow => ({
    entity: e,
    label: printedLabel(e),
    prev: round1(rows.reduce((s, r) => s + r.prev, 0)),
    cur: round1(rows.reduce((s, r) => s + r.cur, 0)),
  });
  const districts: FixtureRow[] = [];
  const allDistricts: FixtureRow[] = [];
  let i = 1;
  for (const sector of ['Meccanica', 'Agro-alimentare', 'Sistema moda', 'Sistema casa'] as const) {
    const rows = members.filter((e) => e.kind === 'distretto' && e.sector === sector).map((e) => leaf(e, i++));
    districts.push(...rows);
    allDistricts.push(...rows);
    const agg = members.find((e) => e.kind === 'aggregato' && e.aggregates === sector);
    if (agg) districts.push(sum(rows, agg));
  }
  const total = members.find((e) => e.aggregates === 'distretti');
  if (total) districts.push(sum(allDistricts, total));
  const hubRows = members.filter((e) => e.kind === 'polo').map((e) => leaf(e, i++));
  const hubTotal = members.find((e) => e.aggregates === 'poli');
  const hubs = hubTotal ? [...hubRows, sum(hubRows, hubTotal)] : hubRows;
  return { districts, hubs };
}

/** The figures the fixture prints, as `entity|period|metric|value` keys. */
export function fixtureExpected(rows: readonly FixtureRow[]): string[] {
  return rows.flatMap((r) => {
    const yoy = round1((r.cur / r.prev - 1) * 100);
    return [
      `${r.entity.name}|2024Q1|exports_meur|${r.prev}`,
      `${r.entity.name}|2025Q1|exports_meur|${r.cur}`,
      `${r.entity.name}|2025Q1|delta_meur|${round1(r.cur - r.prev)}`,
      ...(r.yoyMissing ? [] : [`${r.entity.name}|2025Q1|yoy_pct|${yoy}`]),
    ];
  });
}

type Doc = PDFKit.PDFDocument;

/** Column right edges: yoy, delta, level 2024, level 2025 (a different order than the sample's). */
const RIGHT = [300, 380, 450, 520];
const LABEL_X = 50;
const LABEL_WIDTH = 100;

function right(doc: Doc, text: string, rightX: number, y: number): void {
  doc.text(text, rightX - doc.widthOfString(text), y, { lineBreak: false });
}

function centred(doc: Doc, text: string, x0: number, x1: number, y: number): void {
  doc.text(text, (x0 + x1) / 2 - doc.widthOfString(text) / 2, y, { lineBreak: false });
}

function header(doc: Doc, y: number, caption: string, yoyHeading: string, labelHeading: string): number {
  doc.font(FONT_BOLD).fontSize(9).text(caption, LABEL_X, y, { lineBreak: false });
  y += 18;
  doc.font(FONT).fontSize(7);
  // row 1: metric groups; the delta heading wraps over two lines
  const [r0 = 0, r1 = 0, r2 = 0, r3 = 0] = RIGHT;
  right(doc, yoyHeading, r0, y);
  centred(doc, 'Differenza', r0, r1, y);
  centred(doc, '(milioni)', r0, r1, y + 8.5);
  centred(doc, 'Milioni di euro', r1 + 10, r3, y);
  y += 21;
  // row 2: years over the quarter label of row 3 (the year comes from context)
  right(doc, '2025', r0, y);
  right(doc, '2025', r1, y);
  right(doc, '2024', r2, y);
  right(doc, '2025', r3, y);
  y += 13;
  doc.text(labelHeading, LABEL_X, y, { lineBreak: false });
  for (const r of RIGHT) right(doc, '1° trim.', r, y);
  return y + 15;
}

function row(doc: Doc, r: FixtureRow, y: number): number {
  doc.font(r.entity.kind === 'aggregato' ? FONT_BOLD : FONT).fontSize(7);
  // wrap long names: the numbers sit on the last line
  const words = r.label.split(' ');
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    const next = cur ? `${cur} ${w}` : w;
    if (doc.widthOfString(next) > LABEL_WIDTH && cur) {
      lines.push(cur);
      cur = w;
    } else cur = next;
  }
  lines.push(cur);
  lines.forEach((l, i) => {
    doc.text(l, LABEL_X, y + i * 8.5, { lineBreak: false });
  });
  const numbersY = y + (lines.length - 1) * 8.5;
  if (r.marker) {
    const w = doc.widthOfString(lines[lines.length - 1] ?? '');
    doc.fontSize(4.5).text(r.marker, LABEL_X + w + 0.5, numbersY - 2, { lineBreak: false });
    doc.fontSize(7);
  }
  const yoy = (r.cur / r.prev - 1) * 100;
  const cells = [r.yoyMissing ? 'n.d.' : fmt(round1(yoy), true), fmt(round1(r.cur - r.prev), true), fmt(r.prev, false), fmt(r.cur, false)];
  cells.forEach((c, i) => right(doc, c, RIGHT[i] ?? 0, numbersY));
  return numbersY + 12;
}

function chrome(doc: Doc, page: number): void {
  doc.font(FONT).fontSize(6.5).text(`Monitor dei Distretti dell'Emilia Romagna \u2013 Settembre 2025`, LABEL_X, 800, { lineBreak: false });
  right(doc, String(page), 545, 800);
}

/** Renders the fixture release (2025Q1) as PDF bytes. */
export async function renderFixturePdf(opts: FixtureOptions = {}): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: true });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  const rows = fixtureRows(opts);
  const swap = opts.swapLabels;
  const swapped = (r: FixtureRow): FixtureRow => {
    const other = swap && (r.entity.name === swap[0] ? swap[1] : r.entity.name === swap[1] ? swap[0] : undefined);
    const to = other ? rows.districts.find((x) => x.entity.name === other) : undefined;
    return to ? { ...r, label: to.label } : r;
  };
  const districts = rows.districts.map(swapped);
  const hubs = rows.hubs;
  const yoyHeading = opts.yoyHeading ?? 'Var. %';

  // page 1: cover and summary, with a sidebar sharing baselines with the prose
  doc.font(FONT_BOLD).fontSize(22).text('Monitor dei Distretti', LABEL_X, 90, { lineBreak: false });
  doc.text("dell'Emilia Romagna", LABEL_X, 118, { lineBreak: false });
  doc.font(FONT).fontSize(14).text('Settembre 2025', LABEL_X, 150, { lineBreak: false });
  doc.fontSize(9).text('Servizio Studi e Ricerche', LABEL_X, 175, { lineBreak: false });
  const prose = [
    'Nel primo trimestre del 2025 le esportazioni dei distretti',
    "dell'Emilia Romagna hanno raggiunto 8,1 miliardi di euro, con",
    'una variazione del \u22121,2% rispetto a un anno prima.',
    'I dati del presente documento sono aggiornati al 10.06.2025',
  ];
  const side = ['Nota Trimestrale - 70', 'Servizio Studi e Ricerche', 'Mario Rossi', 'Sintesi: +2,5%'];
  prose.forEach((t, i) => {
    doc.font(FONT).fontSize(9).text(t, LABEL_X, 260 + i * 14, { lineBreak: false });
    doc.fontSize(8).text(side[i] ?? '', 430, 260 + i * 14, { lineBreak: false });
  });
  chrome(doc, 1);

  // page 2-3: the districts table, split with its heading repeated
  doc.addPage();
  let y = header(doc, 60, 'Tavola 1 - Export dei distretti (milioni di euro)', yoyHeading, 'Distretto');
  const firstPart = 12;
  const body = opts.unknownRow ? [...districts.slice(0, 3), { ...(districts[0] as FixtureRow), label: opts.unknownRow }, ...districts.slice(3)] : districts;
  body.slice(0, firstPart).forEach((r) => {
    y = row(doc, r, y);
  });
  chrome(doc, 2);
  doc.addPage();
  y = opts.noRepeatedHeading ? 60 : header(doc, 60, 'Tavola 1 - Export dei distretti (segue)', yoyHeading, 'Distretto');
  body.slice(firstPart).forEach((r) => {
    y = row(doc, r, y);
  });
  doc.font(FONT).fontSize(6.5).text('Fonte: elaborazioni su dati Istat', LABEL_X, y + 6, { lineBreak: false });
  doc.text('¹ Footnote di prova sul distretto delle piastrelle.', LABEL_X, y + 16, { lineBreak: false });
  // page 3 also: the hubs table
  if (!opts.withoutHubs) {
    y = header(doc, y + 50, 'Tavola 2 - Export dei poli tecnologici', yoyHeading, 'Polo');
    hubs.forEach((r) => {
      y = row(doc, r, y);
    });
  }
  chrome(doc, 3);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
