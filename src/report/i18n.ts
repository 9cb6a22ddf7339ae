import type { BriefData, BriefEntity, BriefLang } from './types.ts';

/** Every fixed string of the brief, per language. */
export interface Labels {
  readonly docTitle: string;
  readonly subtitle: string;
  readonly referencePeriod: string;
  readonly basedOn: string;
  readonly noteNumber: string;
  readonly dataCutoff: string;
  readonly keyMessages: string;
  readonly keyFigures: string;
  readonly charts: string;
  readonly tables: string;
  readonly notes: string;
  readonly sources: string;
  readonly chartExports: string;
  readonly chartYoy: string;
  readonly chartIndex: string;
  readonly chartRanked: string;
  readonly axisExports: string;
  readonly axisYoy: string;
  readonly axisIndex: (base: string) => string;
  readonly axisIndexShort: string;
  readonly entityCol: string;
  readonly exportsCol: string;
  readonly yoyCol: string;
  readonly kindCol: string;
  readonly rankCol: string;
  readonly quarterCol: string;
  readonly kindHub: string;
  readonly kindDistrict: string;
  readonly tableQuarterly: string;
  readonly tableRanked: string;
  readonly sourceLine: (data: BriefData) => string;
  readonly attachment: (file: string) => string;
  readonly sampleNotice: string;
  readonly page: (n: number, of: number) => string;
  readonly methodologyTitle: string;
  readonly revisionsTitle: string;
  readonly nextReleaseTitle: string;
  readonly reproTitle: string;
  readonly runId: string;
  readonly codeVersion: string;
  readonly dataVintage: string;
  readonly inputsNote: string;
  readonly url: string;
  readonly documentHash: string;
  readonly pages: string;
  readonly derivedNote: string;
  readonly regionalTotalLabel: string;
  readonly hubsAverageLabel: string;
  readonly revisionHeader: readonly [string, string, string, string, string];
}

export const LABELS: Record<BriefLang, Labels> = {
  it: {
    docTitle: 'Nota sintetica sulle esportazioni',
    subtitle: 'a confronto con i poli tecnologici della regione',
    referencePeriod: 'Periodo di riferimento',
    basedOn: 'Basata su',
    noteNumber: 'Nota trimestrale',
    dataCutoff: 'dati aggiornati al',
    keyMessages: 'Messaggi chiave',
    keyFigures: 'Dati principali',
    charts: 'Grafici',
    tables: 'Tabelle',
    notes: 'Note',
    sources: 'Fonti',
    chartExports: 'Esportazioni trimestrali dei poli tecnologici',
    chartYoy: 'Variazione tendenziale per trimestre',
    chartIndex: 'Andamento indicizzato delle esportazioni',
    chartRanked: 'Variazione tendenziale più recente: poli e distretti',
    axisExports: 'Milioni di euro',
    axisYoy: 'Var. % tendenziale',
    axisIndex: (base) => `Indice, ${base} = 100`,
    axisIndexShort: 'Indice (base = 100)',
    entityCol: 'Distretto / polo',
    exportsCol: 'Export (mln €)',
    yoyCol: 'Var. % tend.',
    kindCol: 'Tipo',
    rankCol: 'Pos.',
    quarterCol: 'Trimestre',
    kindHub: 'Polo tecnologico',
    kindDistrict: 'Distretto',
    tableQuarterly: 'Esportazioni (milioni di euro) e variazione % tendenziale per trimestre',
    tableRanked: 'Variazione % tendenziale nel trimestre di riferimento, dalla più alta',
    sourceLine: (d) =>
      `Fonte: Intesa Sanpaolo, Monitor dei Distretti dell'${d.regionLabel} (${d.release.noteNumber ?? 's.n.'}), su dati ISTAT${d.latestYoy.some((x) => x.dataSource === 'ACIMAC') ? ' e ACIMAC' : ''}.`,
    attachment: (f) => `Dati: allegato ${f}`,
    sampleNotice: 'EDITORE DI ESEMPIO – DATI MODELLATI: non sono dati pubblicati',
    page: (n, of) => `Pagina ${n} di ${of}`,
    methodologyTitle: 'Metodologia',
    revisionsTitle: 'Revisioni',
    nextReleaseTitle: 'Prossima pubblicazione attesa',
    reproTitle: 'Riproducibilità',
    runId: 'ID esecuzione',
    codeVersion: 'Versione del codice',
    dataVintage: 'Annata dei dati',
    inputsNote: 'I dati di ogni grafico e tabella sono allegati al PDF in formato CSV.',
    url: 'URL',
    documentHash: 'SHA-256 del documento',
    pages: 'Pagine',
    derivedNote: 'Alcuni valori sono calcolati (ad es. 2° trimestre = 1° semestre − 1° trimestre) dalla stessa nota, non stampati.',
    regionalTotalLabel: 'Totale distretti',
    hubsAverageLabel: 'Media poli',
    revisionHeader: ['Serie', 'Trimestre', 'Indicatore', 'Pubblicato prima', 'Questa nota'],
  },
  en: {
    docTitle: 'Export briefing',
    subtitle: "set against the region's technology hubs",
    referencePeriod: 'Reference period',
    basedOn: 'Based on',
    noteNumber: 'Quarterly note',
    dataCutoff: 'data as of',
    keyMessages: 'Key messages',
    keyFigures: 'Key figures',
    charts: 'Charts',
    tables: 'Tables',
    notes: 'Notes',
    sources: 'Sources',
    chartExports: 'Quarterly exports of the technology hubs',
    chartYoy: 'Year-on-year change by quarter',
    chartIndex: 'Indexed export trend',
    chartRanked: 'Latest year-on-year change: hubs and districts',
    axisExports: '€ million',
    axisYoy: 'Year-on-year % change',
    axisIndex: (base) => `Index, ${base} = 100`,
    axisIndexShort: 'Index (base = 100)',
    entityCol: 'District / hub',
    exportsCol: 'Exports (€m)',
    yoyCol: 'YoY %',
    kindCol: 'Type',
    rankCol: 'Rank',
    quarterCol: 'Quarter',
    kindHub: 'Technology hub',
    kindDistrict: 'District',
    tableQuarterly: 'Exports (€ million) and year-on-year % change by quarter',
    tableRanked: 'Year-on-year % change in the reference quarter, highest first',
    sourceLine: (d) =>
      `Source: Intesa Sanpaolo, Monitor dei Distretti dell'${d.regionLabel} (${d.release.noteNumber ?? 'unnumbered'}), based on ISTAT${d.latestYoy.some((x) => x.dataSource === 'ACIMAC') ? ' and ACIMAC' : ''} data.`,
    attachment: (f) => `Data: attachment ${f}`,
    sampleNotice: 'SAMPLE PUBLISHER – MODELLED DATA: not published figures',
    page: (n, of) => `Page ${n} of ${of}`,
    methodologyTitle: 'Methodology',
    revisionsTitle: 'Revisions',
    nextReleaseTitle: 'Next expected release',
    reproTitle: 'Reproducibility',
    runId: 'Run id',
    codeVersion: 'Code version',
    dataVintage: 'Data vintage',
    inputsNote: 'The data behind every chart and table are attached to this PDF as CSV files.',
    url: 'URL',
    documentHash: 'Document SHA-256',
    pages: 'Pages',
    derivedNote: 'Some values are computed within the same note (e.g. Q2 = first half − Q1), not printed.',
    regionalTotalLabel: 'Districts total',
    hubsAverageLabel: 'Hubs average',
    revisionHeader: ['Series', 'Quarter', 'Measure', 'Published before', 'This note'],
  },
};

/** How the brief names an entity: the regional total gets a short, translated label. */
export function displayName(e: Pick<BriefEntity, 'slug' | 'name'>, data: BriefData, lang: BriefLang): string {
  if (data.regionalTotal && e.slug === data.regionalTotal.slug) {
    return lang === 'it' ? `Totale distretti ${data.regionLabel}` : `${data.regionLabel} districts total`;
  }
  return e.name;
}

/** Methodology paragraphs (what a district and a hub are, ISTAT data, the ACIMAC exception). */
export function methodology(data: BriefData, lang: BriefLang): string[] {
  const r = data.regionLabel;
  if (lang === 'it') {
    return [
      `Un distretto industriale è un'area di una o più province specializzata in un prodotto (ad es. le piastrelle di Sassuolo); un polo tecnologico è un'agglomerazione di imprese in settori ad alta tecnologia (biomedicale, ICT). Il Monitor dei Distretti dell'${r} di Intesa Sanpaolo (Direzione Studi e Ricerche) segue fino a 20 distretti tradizionali e 3 poli tecnologici della regione; l'elenco può cambiare da una nota all'altra.`,
      "I valori sono esportazioni in milioni di euro correnti e variazioni percentuali rispetto allo stesso periodo dell'anno precedente (variazioni tendenziali), calcolate da Intesa Sanpaolo sui dati ISTAT di commercio estero per provincia e prodotto (ATECO 2007). Fa eccezione il distretto delle macchine per l'industria ceramica di Modena e Reggio Emilia, misurato su dati dell'associazione di categoria ACIMAC.",
      "La media dei poli è la media semplice delle loro variazioni tendenziali; il totale dei distretti è quello pubblicato nella nota. L'indice (base 100) rapporta l'export di ogni trimestre alla media dei primi quattro trimestri mostrati; i dati trimestrali sono grezzi, non destagionalizzati.",
    ];
  }
  return [
    `An industrial district is an area of one or more provinces specialised in one product (e.g. the Sassuolo tiles); a technology hub is a cluster of firms in high-tech industries (biomedical, ICT). Intesa Sanpaolo's Monitor dei Distretti dell'${r} (Research Department) follows up to 20 traditional districts and 3 technology hubs in the region; the list can change from one note to the next.`,
    'Values are exports in millions of current euro and percentage changes on the same period a year earlier (year-on-year), computed by Intesa Sanpaolo from ISTAT foreign-trade data by province and product (ATECO 2007). The exception is the ceramic machinery district of Modena and Reggio Emilia, measured on data from the trade association ACIMAC.',
    "The hubs' average is the simple mean of their year-on-year changes; the districts total is the one published in the note. The index (base 100) divides each quarter's exports by the average of the first four quarters shown; quarterly data are raw, not seasonally adjusted.",
  ];
}
