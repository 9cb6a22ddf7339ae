import { formatAmountProse, formatChange, formatDateDots, formatPercentProse, monthYear } from '../../../src/sample-publisher/pdf/format.ts';
import { round1, valueOf, type CorpusRelease } from './corpus-data.ts';
import type { DocumentLayout } from './table-layout.ts';

/**
 * The words around the tables, shared by every renderer: cover, prose quoting the tables' own
 * figures, the cutoff line, the sidebar, the bar chart's labelled bars and footnotes.
 */

export const TITLE = "Monitor dei Distretti dell'Emilia-Romagna";
const ORDINAL = ['primo', 'secondo', 'terzo', 'quarto'];

export interface ReleaseText {
  readonly title: string;
  /** "Luglio 2025" */
  readonly coverDate: string;
  readonly department: string;
  readonly prose: readonly string[];
  /** "I dati del presente documento sono aggiornati al 10.06.2025." */
  readonly cutoff: string;
  readonly sidebar: readonly string[];
  readonly chartCaption: string;
  /** Sector bars: name and year-on-year % (printed next to the bar). */
  readonly bars: readonly { readonly label: string; readonly value: number; readonly text: string }[];
  readonly footnote: string;
  readonly source: string;
  readonly footer: string;
}

/** The first value 1,7 points or more from `v` that no change in the tables has (a misquote to catch). */
function valueNoCellHolds(data: CorpusRelease, v: number): number {
  const held = new Set<number>();
  for (const r of [...data.districts, ...data.hubs]) for (const role of ['q', 'cum'] as const) held.add(valueOf(r, 'yoy_pct', role) ?? NaN);
  for (let k = 17; ; k++) {
    const candidate = round1(v + k / 10);
    if (!held.has(candidate)) return candidate;
  }
}

export function releaseText(data: CorpusRelease, layout: DocumentLayout): ReleaseText {
  const { info } = data;
  const cover = layout.coverOverride ?? { month: info.coverMonth, year: info.coverYear };
  const minus = layout.table.minus;
  const total = data.districts[data.districts.length - 1];
  const hubTotal = data.hubs[data.hubs.length - 1];
  const quarterWords = `${ORDINAL[info.refQuarter - 1]} trimestre del ${info.refYear}`;
  const tYoy = total ? (valueOf(total, 'yoy_pct', 'q') ?? 0) : 0;
  const quoted = layout.proseMismatch ? valueNoCellHolds(data, tYoy) : tYoy;
  const tLevel = total?.levels.q ?? 0;
  const hYoy = hubTotal ? (valueOf(hubTotal, 'yoy_pct', 'q') ?? 0) : 0;
  const sectors = data.districts.filter((r) => r.entity.kind === 'aggregato' && r.entity.aggregates !== 'distretti');
  const bars = sectors.map((r) => {
    const v = valueOf(r, 'yoy_pct', 'q') ?? 0;
    return { label: r.entity.sector, value: v, text: formatChange(v, minus) };
  });
  const best = [...bars].sort((a, b) => b.value - a.value)[0];
  return {
    title: TITLE,
    coverDate: monthYear(cover.month, cover.year),
    department: info.department,
    prose: [
      `Nel ${quarterWords} le esportazioni dei distretti tradizionali dell'Emilia-Romagna sono state pari a ` +
        `${formatAmountProse(tLevel, minus)}, con una variazione tendenziale del ${formatPercentProse(quoted, minus)} ` +
        'rispetto allo stesso periodo del 2024 e con andamenti molto diversi tra i settori.'.replace('2024', String(info.refYear - 1)),
      `Il settore con la dinamica migliore è ${best?.label ?? 'la meccanica'} (${formatPercentProse(best?.value ?? 0, minus)}). ` +
        `I poli tecnologici, tra cui il Biomedicale di Mirandola, registrano nel complesso un ${formatPercentProse(hYoy, minus)}.`,
      'Le tavole che seguono riportano i valori delle esportazioni di ciascun distretto e polo, con le variazioni ' +
        'rispetto all\u2019anno precedente; le somme possono non coincidere con i totali per effetto degli arrotondamenti.',
    ],
    cutoff: `I dati del presente documento sono aggiornati al ${formatDateDots(info.dataCutoff)}.`,
    sidebar: [`Nota Trimestrale \u2013 ${info.noteNumber}`, '', info.department, '', 'Analisti:', 'Ufficio Studi Regionale', '', 'Sintesi', `Distretti ${formatPercentProse(tYoy, minus)}`],
    chartCaption: `Fig. 2 \u2013 Export per settore: var. % tendenziale, ${ORDINAL[info.refQuarter - 1]} trimestre ${info.refYear}`,
    bars,
    footnote: '(1) Dati di fonte ACIMAC per le macchine per ceramica inclusi nel distretto.',
    source: 'Fonte: elaborazioni su dati ISTAT',
    footer: `${TITLE} \u2013 ${monthYear(cover.month, cover.year)}`,
  };
}
