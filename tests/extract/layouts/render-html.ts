import { corpusRelease, type CorpusRelease, type CorpusRow } from './corpus-data.ts';
import { releaseText, type ReleaseText } from './release-text.ts';
import { cellText, type DocumentLayout, type HeaderCell } from './table-layout.ts';

/**
 * The same release note as HTML, for other software to set: LibreOffice
 * (`soffice --headless --convert-to pdf`) and Chromium (`--print-to-pdf`) lay it out with their
 * own line spacing, glyph positioning and fonts (scripts/make-layout-fixtures.ts).
 *
 * `producer` picks the few constructs each handles: Chromium gets a flex sidebar and an inline SVG
 * chart; LibreOffice's HTML import ignores both, so it gets a layout table for the sidebar and a
 * chart built from table cells (labels, coloured bars and their values as text).
 */

export type Producer = 'libreoffice' | 'chromium';

/** Inline, on a heading with text: LibreOffice's import drops it from a class or an empty paragraph. */
const BREAK = ' style="page-break-before: always"';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const br = (s: string): string => s.split('\n').map(esc).join('<br>');

function css(producer: Producer): string {
  return `
  @page { size: A4; margin: 16mm 15mm 18mm 18mm; }
  body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; color: #1a1a1a; margin: 0; }
  .kicker { font-weight: bold; font-size: 11pt; margin: 30mm 0 6mm 0; color: #2e4a7d; }
  h1 { font-size: 26pt; margin: 0 0 8mm 0; line-height: 1.2; color: #2e4a7d; }
  .date { font-size: 18pt; margin: 0 0 100mm 0; }
  .dept { font-weight: bold; color: #2e4a7d; }
  h2 { font-size: 14pt; margin: 0 0 4mm 0; }
  h3 { font-size: 11pt; margin: 6mm 0 3mm 0; }
  p { margin: 0 0 2.5mm 0; line-height: 1.35; }
  .sidebar { font-size: 7.5pt; color: #333; }
  .sidebar p { margin: 0 0 1.5mm 0; }
  ${producer === 'chromium' ? '.two { display: flex; gap: 8mm; } .two .main { flex: 1; } .two .sidebar { width: 42mm; border-left: 0.5pt solid #999; padding-left: 4mm; }' : ''}
  .caption { font-weight: bold; font-size: 8.5pt; margin: 4mm 0 1.5mm 0; }
  table.data { border-collapse: collapse; font-family: 'DejaVu Sans Condensed', 'DejaVu Sans', sans-serif; font-size: 7.5pt; }
  table.data th { font-weight: bold; vertical-align: bottom; padding: 1pt 3pt; }
  table.data thead tr:first-child th { border-top: 0.8pt solid #333; }
  table.data thead tr:last-child th { border-bottom: 0.6pt solid #333; }
  table.data th.rule { border-bottom: 0.4pt solid #666; }
  table.data td { padding: 1pt 3pt; text-align: right; white-space: nowrap; }
  table.data td.label { text-align: left; white-space: normal; }
  table.data tr.agg td { font-weight: bold; }
  .note { font-size: 6.5pt; margin: 1.5mm 0 0 0; }
  table.chart td { font-size: 7pt; padding: 0.5pt 2pt; }
  `;
}

function headerRows(doc: DocumentLayout, kind: 'distretti' | 'poli', colWidthPt: number): string {
  const t = doc.table;
  const rows = t.header.map((row, ri) => {
    const cells: string[] = [ri === t.header.length - 1 ? `<th align="left" valign="bottom" style="text-align:left">${esc(t.labelHeadings[kind])}</th>` : '<th></th>'];
    let next = 0;
    const sorted = [...row].sort((a, b) => a.from - b.from);
    const cell = (c: HeaderCell): string => {
      const span = c.to - c.from + 1;
      // an off-centre heading: padding on one side moves it inside its span
      const dx = c.dx ?? 0;
      const pad = dx > 0 ? `padding-left:${3 + 2 * dx}pt;` : dx < 0 ? `padding-right:${3 - 2 * dx}pt;` : '';
      return `<th${span > 1 ? ` colspan="${span}"` : ''} align="${c.align}" valign="bottom" class="${c.rule ? 'rule' : ''}" style="text-align:${c.align};${pad}">${br(c.text)}</th>`;
    };
    for (const c of sorted) {
      for (; next < c.from; next++) cells.push('<th></th>');
      cells.push(cell(c));
      next = c.to + 1;
    }
    for (; next < t.columns.length; next++) cells.push('<th></th>');
    return `<tr>${cells.join('')}</tr>`;
  });
  const cols = `<colgroup><col style="width:${doc.geometry.labelWidth}pt">${t.columns.map(() => `<col style="width:${colWidthPt}pt">`).join('')}</colgroup>`;
  return `${cols}<thead>${rows.join('')}</thead>`;
}

function bodyRow(data: CorpusRelease, doc: DocumentLayout, row: CorpusRow): string {
  const marker = doc.footnotes && row.entity.name === 'Piastrelle di Sassuolo' ? '<sup>(1)</sup>' : '';
  // attributes and <b> rather than CSS alone: LibreOffice's HTML import ignores most of the style sheet
  const b = (s: string): string => (row.entity.kind === 'aggregato' ? `<b>${s}</b>` : s);
  const align = doc.geometry.cellAlign ?? 'right';
  const cells = doc.table.columns.map((c) => `<td align="${align}" style="text-align:${align}">${b(esc(cellText(data, doc.table, row, c)))}</td>`).join('');
  return `<tr valign="bottom"><td class="label" align="left">${b(esc(row.entity.name))}${marker}</td>${cells}</tr>`;
}

function table(data: CorpusRelease, doc: DocumentLayout, kind: 'distretti' | 'poli', rows: readonly CorpusRow[], continued: boolean): string {
  return (
    `<p class="caption"${continued ? BREAK : ''}>${esc(doc.table.captions[kind] + (continued ? doc.table.continued : ''))}</p>` +
    `<table class="data">${headerRows(doc, kind, doc.geometry.colWidth)}<tbody>${rows.map((r) => bodyRow(data, doc, r)).join('')}</tbody></table>`
  );
}

function chartSvg(t: ReleaseText): string {
  const max = Math.max(5, ...t.bars.map((b) => Math.abs(b.value)));
  const zero = 200;
  const scale = 110 / max;
  const bars = t.bars
    .map((b, i) => {
      const y = 8 + i * 18;
      const w = b.value * scale;
      const tx = b.value >= 0 ? zero + w + 4 : zero + w - 4;
      return (
        `<text x="0" y="${y + 8}" font-size="8">${esc(b.label)}</text>` +
        `<rect x="${Math.min(zero, zero + w)}" y="${y}" width="${Math.abs(w)}" height="10" fill="#5b7db1"/>` +
        `<text x="${tx}" y="${y + 8}" font-size="8" text-anchor="${b.value >= 0 ? 'start' : 'end'}">${esc(b.text)}</text>`
      );
    })
    .join('');
  const ticks = [-max, -max / 2, 0, max / 2, max]
    .map((v) => `<text x="${zero + v * scale}" y="${18 * t.bars.length + 20}" font-size="7" text-anchor="middle">${v > 0 ? '+' : ''}${Math.round(v)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="460" height="${18 * t.bars.length + 26}" font-family="DejaVu Sans">${bars}<line x1="${zero}" y1="4" x2="${zero}" y2="${18 * t.bars.length + 8}" stroke="#333"/>${ticks}</svg>`;
}

/**
 * A bar chart made of coloured table cells, one small table per bar (LibreOffice's HTML import
 * drops inline SVG): the sector name, the bar, its value as text beside it.
 */
function chartCells(t: ReleaseText): string {
  const max = Math.max(5, ...t.bars.map((b) => Math.abs(b.value)));
  return t.bars
    .map((b) => {
      // at most 80 of the 114 pt on each side of the axis: the value printed beside a bar needs the rest
      const w = Math.max(2, Math.round((Math.abs(b.value) / max) * 80));
      const bar = `<td width="${w}" bgcolor="#5b7db1">&nbsp;</td>`;
      const axis = '<td width="1" bgcolor="#333333"></td>';
      // every row's cells add up to the same width, so the zero axis lines up
      const cells =
        b.value < 0
          ? `<td width="${114 - w}" align="right" style="font-size:7pt">${esc(b.text)}&nbsp;</td>${bar}${axis}<td width="174"></td>`
          : `<td width="114"></td>${axis}${bar}<td width="${174 - w}" style="font-size:7pt">&nbsp;${esc(b.text)}</td>`;
      return `<table width="379" cellspacing="0" cellpadding="0" style="margin:0 0 3pt 0;table-layout:fixed"><tr><td width="90" style="font-size:7pt">${esc(b.label)}</td>${cells}</tr></table>`;
    })
    .join('');
}

export function renderLayoutHtml(doc: DocumentLayout, producer: Producer): string {
  const data = corpusRelease(doc.release);
  const t = releaseText(data, doc);
  const sidebar = `<div class="sidebar">${t.sidebar.map((l) => (l ? `<p>${esc(l)}</p>` : '<p>&nbsp;</p>')).join('')}</div>`;
  const summary = `${t.prose.map((p) => `<p>${esc(p)}</p>`).join('')}<p>${esc(t.cutoff)}</p>`;
  const twoCol = (main: string): string =>
    producer === 'chromium'
      ? `<div class="two"><div class="main">${main}</div>${sidebar}</div>`
      : `<table width="100%" cellspacing="0" cellpadding="0"><tr><td valign="top" width="72%">${main}</td><td valign="top" width="28%" style="padding-left:12pt;border-left:0.5pt solid #999">${sidebar}</td></tr></table>`;
  const split = doc.splitAfter ?? data.districts.length;
  const chart = doc.chart === 'none' ? '' : `<p class="caption">${esc(t.chartCaption)}</p>${producer === 'chromium' ? chartSvg(t) : chartCells(t)}`;
  let tables = chart + table(data, doc, 'distretti', data.districts.slice(0, split), false);
  if (split < data.districts.length) tables += `${table(data, doc, 'distretti', data.districts.slice(split), true)}`;
  if (doc.footnotes) tables += `<p class="note">${esc(t.footnote)}</p>`;
  tables += `<p class="note">${esc(t.source)}</p><h3>I poli tecnologici</h3>${table(data, doc, 'poli', data.hubs, false)}<p class="note">${esc(t.source)}</p>`;
  return `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>${esc(t.title)} \u2013 ${esc(t.coverDate)}</title><style>${css(producer)}</style></head>
<body>
<p class="kicker">Industry Research</p><h1>Monitor dei Distretti<br>dell'Emilia-Romagna</h1><p class="date">${esc(t.coverDate)}</p><p class="dept">${esc(t.department)}</p>
<h2${BREAK}>Executive Summary</h2>
${twoCol(summary)}
<h2${BREAK}>L'export dei distretti dell'Emilia-Romagna</h2>
${doc.sidebar ? twoCol(tables) : tables}
</body></html>
`;
}
