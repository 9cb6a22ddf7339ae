import { romanQuarter } from '../format.ts';
import type { LayoutSpec } from './layout-spec.ts';

/**
 * 2020–22 notes: Roman quarter labels, one column block per period with a "vs 2019" column
 * (the notes compared with the pre-pandemic level), U+2212 minus, sector rows before members.
 */
export const PANDEMIC: LayoutSpec = {
  id: 'pandemic',
  quarterLabel: (year, q) => `${romanQuarter(q)} trim. ${year}`,
  cumulativeLabel: (year, q) => (q === 2 ? `I sem. ${year}` : q === 3 ? `gen.-set. ${year}` : String(year)),
  minus: '\u2212',
  order: 'period-major',
  slots: ['level-prev', 'level-cur', 'yoy', 'vs2019', 'delta'],
  heading: (col, ctx) => {
    const group = ctx.spanLabel(col.span, ctx.refYear);
    switch (col.metric) {
      case 'exports_meur':
        return { group, sub: `Export ${col.year === 'prev' ? ctx.refYear - 1 : ctx.refYear}\n(mln €)` };
      case 'yoy_pct':
        return { group, sub: 'Var. % tendenziale' };
      case 'vs2019_pct':
        return { group, sub: 'Var. % vs 2019' };
      case 'delta_meur':
        return { group, sub: 'Diff.\n(mln €)' };
      case 'share_pct':
        return { group, sub: 'Quota % sul totale' };
    }
  },
  subtotalPosition: 'before',
  sectorLabel: (sector) => sector,
  totalDistrictsLabel: 'Totale distretti Emilia-Romagna',
  totalHubsLabel: 'Totale poli tecnologici',
  rowName: (e) => (e.name === 'Ciclomotori di Bologna' ? 'Moto e ciclomotori di Bologna' : e.name),
  numbersOn: 'last',
  footnoteMarker: '(*)',
  continuedSuffix: ' (segue)',
  tableOfContents: false,
  nameColumnWidth: 118,
};
