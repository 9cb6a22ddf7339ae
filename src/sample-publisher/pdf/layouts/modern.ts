import type { LayoutSpec } from './layout-spec.ts';

/**
 * 2023+ notes: "1° trimestre 2025", "gennaio-giugno", difference before % change,
 * press spellings of two district names (the 2024 press writes "di Modena e Reggio Emilia").
 */
export const MODERN: LayoutSpec = {
  id: 'modern',
  quarterLabel: (year, q) => `${q}° trimestre ${year}`,
  cumulativeLabel: (year, q) =>
    q === 2 ? `gennaio-giugno ${year}` : q === 3 ? `gennaio-settembre ${year}` : String(year),
  minus: '-',
  order: 'period-major',
  slots: ['level-prev', 'level-cur', 'delta', 'yoy'],
  heading: (col, ctx) => {
    const group = ctx.spanLabel(col.span, ctx.refYear);
    switch (col.metric) {
      case 'exports_meur':
        return { group, sub: `Milioni di euro ${col.year === 'prev' ? ctx.refYear - 1 : ctx.refYear}` };
      case 'yoy_pct':
        return { group, sub: 'Var. % tendenziale' };
      case 'vs2019_pct':
        return { group, sub: 'Var. % vs 2019' };
      case 'delta_meur':
        return { group, sub: 'Differenza (milioni di euro)' };
      case 'share_pct':
        return { group, sub: 'Quota % sul totale' };
    }
  },
  subtotalPosition: 'before',
  sectorLabel: (sector) => sector,
  totalDistrictsLabel: "Totale distretti dell'Emilia-Romagna",
  totalHubsLabel: "Totale poli tecnologici dell'Emilia-Romagna",
  rowName: (e, refYear) => {
    if (e.name === 'Macchine agricole di Modena e Reggio Emilia') return 'Macchine agricole di Reggio Emilia e Modena';
    if (e.name === 'Lattiero-caseario di Reggio Emilia' && refYear >= 2024) return 'Lattiero-caseario di Modena e Reggio Emilia';
    return e.name;
  },
  numbersOn: 'first',
  footnoteMarker: '(1)',
  continuedSuffix: ' (continua)',
  tableOfContents: true,
  nameColumnWidth: 132,
};
