import { EMILIA_ROMAGNA } from '../../domain/registry/index.ts';
import { periodCode, quarterFromIndex, quarterIndex, quarterPeriod } from '../../domain/period.ts';
import type { SampleFigure, SampleReleaseInfo } from '../types.ts';
import { buildCalendar } from './calendar.ts';
import { formatCsv } from './csv.ts';
import { DatasetError } from './errors.ts';
import type { PublishedFacts } from './facts.ts';
import { parsePublishedFacts, reproduces } from './facts.ts';
import { factIndex, releaseFigures, round1 } from './figures.ts';
import { BASE_ENTITIES, NQ, Q0 } from './model.ts';
import { componentsOf } from './scope.ts';
import type { Vintage, VintageSet } from './vintages.ts';
import { buildVintages, cell } from './vintages.ts';

/** The seed of the published sample. Changing it changes every modelled value. */
export const SAMPLE_SEED = 'distretti-sample-v1';

/** File names under data/sample/. */
export const SAMPLE_FILES = ['releases.csv', 'release_figures.csv', 'series.csv', 'vintages.csv'] as const;
export type SampleFileName = (typeof SAMPLE_FILES)[number];

export interface GeneratedSample {
  readonly releases: readonly SampleReleaseInfo[];
  readonly figures: ReadonlyMap<string, readonly SampleFigure[]>;
  readonly vintages: VintageSet;
  readonly facts: PublishedFacts;
  /** CSV text of every file of data/sample, by file name. */
  readonly files: Readonly<Record<SampleFileName, string>>;
}

export const RELEASE_HEADER = [
  'id', 'series', 'region', 'ref_year', 'ref_quarter', 'cover_year', 'cover_month', 'published_on',
  'data_cutoff', 'note_number', 'department', 'author', 'title', 'file_name', 'layout',
] as const;
export const FIGURE_HEADER = ['release_id', 'entity', 'kind', 'period', 'metric', 'value', 'modelled', 'source'] as const;
export const SERIES_HEADER = ['entity', 'kind', 'period', 'exports_meur', 'modelled', 'source', 'vintage'] as const;
export const VINTAGE_HEADER = ['vintage', 'entity', 'period', 'exports_meur'] as const;

/**
 * The vintage of a district/hub quarter in the final series: the latest note holding it, except
 * before 2018, where the series is the base vintage — the one every pre-2018 published figure
 * (e.g. 2017 annual % changes against 2016) holds in.
 */
function finalVintageOf(vs: VintageSet, c: number, qi: number): Vintage {
  if (qi <= quarterIndex(2017, 4)) return vs.base;
  for (let i = vs.releases.length - 1; i >= 0; i--) if (!Number.isNaN(vs.releases[i]!.values[c]!)) return vs.releases[i]!;
  return vs.base;
}

function seriesRows(vs: VintageSet, pf: PublishedFacts): (string | number | boolean)[][] {
  const rows: (string | number | boolean)[][] = [];
  const levelFacts = pf.facts.filter((f) => f.metric === 'exports_meur' && /Q\d$/.test(f.period) && f.precision.kind !== 'lowerBound');
  const entities = EMILIA_ROMAGNA.entities;
  for (const e of entities) {
    for (let i = 0; i < NQ; i++) {
      const qi = Q0 + i;
      const { year, quarter } = quarterFromIndex(qi);
      const period = periodCode(quarterPeriod(year, quarter));
      let value = 0;
      let vintage = '';
      if (e.kind === 'aggregato') {
        // Membership at that quarter: totals break where a district joins or leaves.
        const comps = componentsOf(e.name, year, quarter);
        const vints = new Set<string>();
        for (const k of comps) {
          const v = finalVintageOf(vs, cell(k, qi), qi);
          value += v.values[cell(k, qi)]!;
          vints.add(v.id);
        }
        vintage = [...vints].join(' ');
      } else {
        const k = BASE_ENTITIES.findIndex((b) => b.name === e.name);
        const v = finalVintageOf(vs, cell(k, qi), qi);
        value = v.values[cell(k, qi)]!;
        vintage = v.id;
      }
      const printed = round1(value);
      const fact = levelFacts.find((f) => f.entity === e.name && f.period === period && reproduces(f, printed));
      rows.push([e.name, e.kind, period, printed.toFixed(1), !fact, fact?.source ?? '', vintage]);
    }
  }
  return rows;
}

function vintageRows(vs: VintageSet): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const v of [vs.base, ...vs.releases]) {
    BASE_ENTITIES.forEach((e, k) => {
      for (let i = 0; i < NQ; i++) {
        const x = v.values[cell(k, Q0 + i)]!;
        if (Number.isNaN(x)) continue;
        const { year, quarter } = quarterFromIndex(Q0 + i);
        rows.push([v.id, e.name, periodCode(quarterPeriod(year, quarter)), x.toFixed(2)]);
      }
    });
  }
  return rows;
}

/**
 * Builds the whole sample from the texts of the published CSVs. Pure and deterministic:
 * the same inputs give byte-identical files.
 * @throws DatasetError when a published figure cannot be reproduced.
 */
export function generateSampleData(quarterlyCsv: string, otherCsv: string, seed = SAMPLE_SEED): GeneratedSample {
  const facts = parsePublishedFacts(quarterlyCsv, otherCsv);
  const vintages = buildVintages(facts, seed);
  const releases = buildCalendar();
  const index = factIndex(facts.facts);
  const figures = new Map<string, SampleFigure[]>();
  releases.forEach((r, i) => {
    const v = vintages.releases[i];
    if (!v || v.id !== r.id) throw new DatasetError('DATASET_CALENDAR', `calendar and vintages disagree at ${r.id}`, { releaseId: r.id });
    figures.set(r.id, releaseFigures(r, v, index));
  });
  const files: Record<SampleFileName, string> = {
    'releases.csv': formatCsv(
      RELEASE_HEADER,
      releases.map((r) => [r.id, r.series, r.region, r.refYear, r.refQuarter, r.coverYear, r.coverMonth, r.publishedOn, r.dataCutoff, r.noteNumber, r.department, r.author, r.title, r.fileName, r.layout]),
    ),
    'release_figures.csv': formatCsv(
      FIGURE_HEADER,
      releases.flatMap((r) => (figures.get(r.id) ?? []).map((f) => [r.id, f.entity, f.kind, f.period, f.metric, f.value.toFixed(1), f.modelled, f.source ?? ''])),
    ),
    'series.csv': formatCsv(SERIES_HEADER, seriesRows(vintages, facts)),
    'vintages.csv': formatCsv(VINTAGE_HEADER, vintageRows(vintages)),
  };
  return { releases, figures, vintages, facts, files };
}

