import { ITALIAN_MONTH_WORDS, ITALIAN_MONTHS } from './italian-months.ts';
import type { VocabularyProfile } from './types.ts';

/**
 * The Italian district monitors (Intesa Sanpaolo research, and the sample publisher imitating it).
 * Sources of the wordings: shared publisher notes ("Inside a release PDF": "milioni di euro",
 * "variazione tendenziale", the change in millions, the 2020–22 comparison with 2019), the three
 * sample layouts, and the unseen-layout trials of issue 9 ("Esportazioni (mln €)", "Var. % a/a",
 * "Diff. mln", "primi nove mesi del 2024"). "Tasso di variazione" is deliberately absent: it does
 * not say against which period, so a column headed only so is not understood.
 */
export const MONITOR_DISTRETTI: VocabularyProfile = {
  id: 'monitor-distretti',
  description: 'Monitor dei Distretti (Intesa Sanpaolo research notes and the sample publisher)',
  metrics: [
    {
      metric: 'vs2019_pct',
      patterns: [
        String.raw`^(?=.*(?:%|tendenziale))(?=.*(?:\b(?:vs\.?|versus|rispetto\s+al(?:lo)?(?:\s+stesso\s+periodo\s+del)?|sul|su)\s*2019\b|\/\s*2019\b))`,
      ],
    },
    {
      metric: 'delta_meur',
      patterns: [
        String.raw`\bdiff(?:\.|erenz[ae]\b)`,
        String.raw`\bvar(?:\.|iazione|iaz\.)?\s+(?:assoluta|ass\.|in\s+milioni|in\s+mln)`,
        String.raw`Δ(?!\s*%)`,
      ],
    },
    {
      metric: 'yoy_pct',
      patterns: [
        String.raw`\bvar(?:\.|iazione|iaz\.)?\s*%`,
        String.raw`\bvar(?:\.|iazione|iaz\.)?\s+(?:tendenziale|tend\.|percentuale|perc\.)`,
        String.raw`%\s*(?:tendenziale|tend\.|a\/a|annua)`,
        String.raw`Δ\s*%`,
        String.raw`\bcrescita\s*%`,
      ],
    },
    {
      metric: 'exports_meur',
      patterns: [
        String.raw`\bmilioni\b`,
        String.raw`\bmln\b`,
        String.raw`€`,
        String.raw`\beuro\b`,
        String.raw`\bexport\b`,
        String.raw`\besportazioni\b`,
        String.raw`\blivell[oi]\b`,
        String.raw`\bvalor[ei]\b`,
      ],
    },
  ],
  neverExports: [
    { what: 'a trade balance (saldo), not exports', patterns: [String.raw`\bsaldo\b`, String.raw`\bbilancia\b`, String.raw`\bbalance\b`] },
    { what: 'a share (quota), not exports', patterns: [String.raw`\bquota\b`, String.raw`\bshare\b`, String.raw`\bpeso\b`, String.raw`\bincidenza\b`, String.raw`\bcomposizione\b`] },
    { what: 'imports, not exports', patterns: [String.raw`\bimport(?:azioni|s)?\b`] },
    { what: 'prices, not exports', patterns: [String.raw`\bprezz[io]\b`, String.raw`\bprices?\b`, String.raw`\bdeflat`] },
    { what: 'employment, not exports', patterns: [String.raw`\boccupat[io]\b`, String.raw`\boccupazione\b`, String.raw`\baddetti\b`, String.raw`\bemployment\b`] },
    { what: 'a count of firms, not exports', patterns: [String.raw`\b(?:numero|n\.)\s+(?:di\s+)?imprese\b`, String.raw`\bunità\s+locali\b`] },
    { what: 'turnover or production, not exports', patterns: [String.raw`\bfatturato\b`, String.raw`\bturnover\b`, String.raw`\bproduzione\b`, String.raw`\bvalore\s+aggiunto\b`] },
    { what: 'billions of euro, a unit the store does not hold', patterns: [String.raw`\bmiliardi\b`, String.raw`\bmld\b`] },
  ],
  levelUnits: [String.raw`\bmilioni\s+di\s+euro\b`, String.raw`\bmln\b`, String.raw`€\s*mln`, String.raw`\bmilioni\b`, String.raw`\blivell[oi]\b`],
  pctUnits: [
    String.raw`\bvar(?:\.|iazione|iaz\.)?\s*%`,
    String.raw`\bvariazioni\s+(?:%|percentuali|tendenziali)`,
    String.raw`\bvar(?:\.|iazione)\s+tendenziale`,
    String.raw`%\s*tendenziale`,
  ],
  baseYearTails: [String.raw`\b(?:vs\.?|versus|rispetto\s+al|sul|su)\s*Y\b`, String.raw`\/\s*Y\b`],
  periods: {
    months: ITALIAN_MONTH_WORDS,
    monthNames: ITALIAN_MONTHS,
    ordinals: { primo: 1, secondo: 2, terzo: 3, quarto: 4, prima: 1, seconda: 2 },
    monthCounts: { tre: 3, sei: 6, nove: 9, '3': 3, '6': 6, '9': 9 },
    quarterWords: [String.raw`trim\.?`, 'trimestre'],
    halfWords: [String.raw`sem\.?`, 'semestre'],
    monthsWord: 'mesi',
    firstWords: ['primi'],
    yearWords: ['anno', 'intero anno'],
  },
  captionStarts: [String.raw`tab(?:\.|ella)`, String.raw`tav(?:\.|ola)`],
  chartCaptionStarts: [String.raw`fig(?:\.|ura)`, 'grafico', 'graf\\.'],
  endOfTableStarts: [String.raw`fonte`, String.raw`note?\b`, 'nota:', String.raw`\(\d+\)`, String.raw`\(\*\)`, String.raw`\*\s`, '¹'],
  continuedSuffixes: ['segue', 'continua', String.raw`cont\.`],
};
