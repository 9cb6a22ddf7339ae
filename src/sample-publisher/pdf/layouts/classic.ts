import type { LayoutSpec } from './layout-spec.ts';

/** 2018–19 notes: "1° trim. 2018", metric-major columns, hyphen-minus, subtotals after members. */
export const CLASSIC: LayoutSpec = {
  id: 'classic',
  quarterLabel: (year, q) => `${q}° trim. ${year}`,
  cumulativeLabel: (year, q) => (q === 2 ? `1° sem. ${year}` : q === 3 ? `gen.-set. ${year}` : String(year)),
  minus: '-',
  order: 'metric-major',
  slots: ['level-prev', 'level-cur', 'yoy', 'delta'],
  heading: (col, ctx) => {
    const year = col.year === 'prev' ? ctx.refYear - 1 : ctx.refYear;
    const sub = ctx.spanLabel(col.span, year);
    switch (col.metric) {
      case 'exports_meur':
        return { group: 'Milioni di euro', sub };
      case 'yoy_pct':
        return { group: 'Var. %', sub };
      case 'delta_meur':
        return { group: 'Differenza (milioni di euro)', sub };
      case 'vs2019_pct':
        return { group: 'Var. % vs 2019', sub };
      case 'share_pct':
        return { group: 'Quota % sul totale', sub };
    }
  },
  subtotalPosition: 'after',
  sectorLabel: (sector) => `Totale ${sector}`,
  totalDistrictsLabel: 'Totale distretti',
  totalHubsLabel: 'Totale poli',
  rowName: (e) => (e.name === 'Salumi del modenese' ? 'Salumi di Modena' : e.name),
  numbersOn: 'first',
  footnoteMarker: '(1)',
  continuedSuffix: ' (segue)',
  tableOfContents: false,
  nameColumnWidth: 128,
};
