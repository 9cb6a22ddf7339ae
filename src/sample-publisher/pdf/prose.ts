import { cumulativeToQuarter, periodCode, quarterPeriod } from '../../domain/period.ts';
import type { EntityDef, RegionRegistry, Sector } from '../../domain/registry/index.ts';
import { membersAt } from '../../domain/registry/index.ts';
import type { SampleReleaseInfo } from '../types.ts';
import { lookup, type FigureIndex } from './figure-index.ts';
import { formatAmountProse, formatChange, formatPercentProse } from './format.ts';
import type { LayoutSpec } from './layouts/index.ts';
import { SECTOR_ORDER } from './table-model.ts';

/** What the prose writer needs: the release, its layout, registry and figures. */
export interface ProseInput {
  readonly info: SampleReleaseInfo;
  readonly spec: LayoutSpec;
  readonly registry: RegionRegistry;
  readonly figures: FigureIndex;
}

/** Key numbers for the sidebar box: a label and a printed value. */
export interface KeyNumber {
  readonly label: string;
  readonly value: string;
}

export interface ReleaseProse {
  readonly summary: readonly string[];
  readonly districts: string;
  readonly hubs: string;
  readonly keyNumbers: readonly KeyNumber[];
}

const ORDINAL = ['primo', 'secondo', 'terzo', 'quarto'] as const;
const SECTOR_PROSE: Record<Sector, string> = {
  Meccanica: 'la meccanica',
  'Agro-alimentare': "l'agro-alimentare",
  'Sistema moda': 'il sistema moda',
  'Sistema casa': 'il sistema casa',
  'Poli tecnologici': 'i poli tecnologici',
  Totale: 'il totale',
};

/** Closing paragraph without figures: the notes end the summary with the outlook. */
const OUTLOOK =
  "Nei prossimi trimestri l'andamento delle esportazioni dipenderà dalla domanda dei principali mercati di " +
  "sbocco, dall'evoluzione dei prezzi e dai tempi di consegna lungo le filiere. Le tabelle che seguono " +
  'riportano il dettaglio per distretto e per polo tecnologico.';

function quarterProse(year: number, q: number): string {
  return `${ORDINAL[q - 1] ?? `${q}°`} trimestre ${year}`;
}

function cumulativeProse(year: number, q: number): string {
  return q === 2 ? `primo semestre ${year}` : q === 3 ? `periodo gennaio-settembre ${year}` : `complesso del ${year}`;
}

/** "in crescita (+6,4%)" / "in calo (-3,9%)" / "stabile (0,0%)": the sign stays printed, as in the notes. */
function trend(pct: number, spec: LayoutSpec): string {
  const printed = formatPercentProse(pct, spec.minus);
  if (printed.startsWith('+')) return `in crescita (${printed})`;
  if (printed === '0,0%') return 'stabile (0,0%)';
  return `in calo (${printed})`;
}

function aggregate(registry: RegionRegistry, what: EntityDef['aggregates']): EntityDef | undefined {
  return registry.entities.find((e) => e.kind === 'aggregato' && e.aggregates === what);
}

/** Sentences on one entity's level and change in a period; empty when the release lacks them. */
function levelSentence(input: ProseInput, subject: string, entity: string, period: string, when: string): string {
  const { figures, spec } = input;
  const level = lookup(figures, entity, period, 'exports_meur');
  const yoy = lookup(figures, entity, period, 'yoy_pct');
  const delta = lookup(figures, entity, period, 'delta_meur');
  if (level === undefined) return '';
  let s = `Nel ${when} ${subject} ${level >= 0 ? 'hanno raggiunto' : 'sono state pari a'} ${formatAmountProse(level, spec.minus)}`;
  if (yoy !== undefined) s += `, ${trend(yoy, spec)} rispetto allo stesso periodo dell'anno precedente`;
  if (delta !== undefined) s += ` (${formatChange(delta, spec.minus)} milioni di euro)`;
  return `${s}.`;
}

function rankingSentence(input: ProseInput, period: string): string {
  const { info, registry, figures, spec } = input;
  const ranked = membersAt(registry, info.refYear, info.refQuarter)
    .filter((e) => e.kind === 'distretto')
    .map((e) => ({ e, yoy: lookup(figures, e.name, period, 'yoy_pct') }))
    .filter((x): x is { e: EntityDef; yoy: number } => x.yoy !== undefined)
    // Ties broken by name so the text is deterministic.
    .sort((a, b) => b.yoy - a.yoy || a.e.name.localeCompare(b.e.name));
  const best = ranked[0];
  const worst = ranked[ranked.length - 1];
  if (!best || !worst || best === worst) return '';
  const growing = ranked.filter((x) => x.yoy > 0).length;
  const count =
    growing === 0
      ? `Nessuno dei ${ranked.length} distretti ha aumentato le vendite all'estero.`
      : growing === ranked.length
        ? `Tutti i ${ranked.length} distretti hanno aumentato le vendite all'estero.`
        : `${growing} distretti su ${ranked.length} hanno aumentato le vendite all'estero.`;
  return (
    `${count} ` +
    `La crescita più forte è quella di ${spec.rowName(best.e, info.refYear)} (${formatPercentProse(best.yoy, spec.minus)}), ` +
    `mentre ${spec.rowName(worst.e, info.refYear)} registra la variazione più debole (${formatPercentProse(worst.yoy, spec.minus)}).`
  );
}

function sectorSentence(input: ProseInput, period: string): string {
  const parts = SECTOR_ORDER.flatMap((sector) => {
    const agg = aggregate(input.registry, sector);
    const yoy = agg ? lookup(input.figures, agg.name, period, 'yoy_pct') : undefined;
    return yoy === undefined ? [] : [`${SECTOR_PROSE[sector]} ${formatPercentProse(yoy, input.spec.minus)}`];
  });
  return parts.length ? `Per settore: ${parts.join(', ')}.` : '';
}

function vs2019Sentence(input: ProseInput, entity: string, period: string, when: string): string {
  const v = lookup(input.figures, entity, period, 'vs2019_pct');
  if (v === undefined) return '';
  return `Rispetto ai livelli pre-pandemici, il confronto con il ${when.replace(/\d{4}$/, '2019')} è pari a ${formatPercentProse(v, input.spec.minus)}.`;
}

function hubSentences(input: ProseInput, period: string, when: string): string {
  const { info, registry, figures, spec } = input;
  const total = aggregate(registry, 'poli');
  const head = total ? levelSentence(input, 'i poli tecnologici della regione', total.name, period, when) : '';
  const each = membersAt(registry, info.refYear, info.refQuarter)
    .filter((e) => e.kind === 'polo')
    .flatMap((e) => {
      const level = lookup(figures, e.name, period, 'exports_meur');
      const yoy = lookup(figures, e.name, period, 'yoy_pct');
      if (level === undefined) return [];
      const change = yoy === undefined ? '' : `, ${formatPercentProse(yoy, spec.minus)}`;
      return [`${spec.rowName(e, info.refYear)} ${formatAmountProse(level, spec.minus)}${change}`];
    });
  return [head, each.length ? `Nel dettaglio: ${each.join('; ')}.` : ''].filter(Boolean).join(' ');
}

/**
 * The release's prose, written from its figures: every number quoted here is also in a table
 * (LAYOUTS.md, "Prose"). Sentences whose figures are missing are left out.
 */
export function writeProse(input: ProseInput): ReleaseProse {
  const { info, registry, figures, spec } = input;
  const y = info.refYear;
  const q = info.refQuarter;
  const qCode = periodCode(quarterPeriod(y, q));
  const cCode = q === 1 ? undefined : periodCode(cumulativeToQuarter(y, q));
  const total = aggregate(registry, 'distretti');
  const hubsTotal = aggregate(registry, 'poli');
  const qWhen = quarterProse(y, q);
  const subject = "le esportazioni dei distretti tradizionali dell'Emilia-Romagna";

  const summary: string[] = [];
  if (total) {
    summary.push(
      [levelSentence(input, subject, total.name, qCode, qWhen), vs2019Sentence(input, total.name, qCode, qWhen)]
        .filter(Boolean)
        .join(' '),
    );
    if (cCode) {
      const cWhen = cumulativeProse(y, q);
      summary.push(
        [levelSentence(input, 'le vendite estere dei distretti', total.name, cCode, cWhen), vs2019Sentence(input, total.name, cCode, cWhen)]
          .filter(Boolean)
          .join(' '),
      );
    }
  }
  summary.push([rankingSentence(input, qCode), sectorSentence(input, qCode)].filter(Boolean).join(' '));
  summary.push(hubSentences(input, qCode, qWhen));
  summary.push(OUTLOOK);

  const keyNumbers: KeyNumber[] = [];
  const add = (label: string, entity: string | undefined, period: string): void => {
    const v = entity ? lookup(figures, entity, period, 'yoy_pct') : undefined;
    if (v !== undefined) keyNumbers.push({ label, value: formatPercentProse(v, spec.minus) });
  };
  add(`Distretti, ${qWhen}`, total?.name, qCode);
  if (cCode) add(`Distretti, ${cumulativeProse(y, q)}`, total?.name, cCode);
  add(`Poli tecnologici, ${qWhen}`, hubsTotal?.name, qCode);

  return {
    summary: summary.filter(Boolean),
    districts:
      `La tabella riporta, per ciascun distretto, il valore delle esportazioni in milioni di euro e la variazione ` +
      `rispetto allo stesso periodo dell'anno precedente. ${sectorSentence(input, qCode)}`.trim(),
    hubs:
      `I poli tecnologici della regione comprendono il biomedicale di Mirandola e di Bologna e l'ICT di Bologna e Modena. ` +
      hubSentences(input, qCode, qWhen),
    keyNumbers,
  };
}
