import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../lib/project-root.ts';
import type { EntityKind, Metric } from '../../domain/metric.ts';
import { isMetric, ENTITY_KINDS } from '../../domain/metric.ts';
import type { SampleCatalog, SampleFigure, SampleReleaseInfo } from '../types.ts';
import { parseCsvRecords } from './csv.ts';
import { DatasetError } from './errors.ts';
import type { PublishedFacts } from './facts.ts';
import { parsePublishedFacts } from './facts.ts';

/**
 * The sample publisher's dataset at run time: reads the committed CSVs of data/sample
 * (written by `npm run sample:generate`, see data/README.md). Synchronous and memoised per
 * directory; never touches anything outside the repository.
 */

export { DatasetError } from './errors.ts';
export type { FactPrecision, GrowthCountFact, PublishedFact, PublishedFacts, SignFact } from './facts.ts';
export { reproduces, relaxationReason, reinterpretationReason, releaseOfPeriod, BRIEF_SOURCE } from './facts.ts';
export { generateSampleData, SAMPLE_FILES, SAMPLE_SEED } from './generate.ts';
export type { GeneratedSample, SampleFileName } from './generate.ts';
export { buildCalendar, noteNumber, dataCutoff, istatReleaseOf, departmentAt, layoutOf, italianMonth, releaseId, SAMPLE_AUTHOR, SERIES_TITLE, SERIES_SLUG } from './calendar.ts';
export { round1, tableOrder, cumulativePeriod, hasVs2019 } from './figures.ts';

/** data/sample of this repository. */
export const DEFAULT_SAMPLE_DIR = join(projectRoot(), 'data/sample/');
/** data/published of this repository (copies of the published figures, with source URLs). */
export const DEFAULT_PUBLISHED_DIR = join(projectRoot(), 'data/published/');

function readDataFile(dir: string, name: string, opts: { existenceOnly?: boolean } = {}): string {
  const path = `${dir.replace(/\/?$/, '/')}${name}`;
  if (!existsSync(path)) {
    throw new DatasetError('DATASET_FILE_MISSING', `sample data file ${path} is missing: run \`npm run sample:generate\``, { path });
  }
  return opts.existenceOnly ? '' : readFileSync(path, 'utf8');
}

function bad(file: string, row: number, what: string): DatasetError {
  return new DatasetError('DATASET_BAD_FILE', `${file} row ${row}: ${what}; regenerate with \`npm run sample:generate\``, { file, row: String(row) });
}

function toInt(file: string, row: number, v: string | undefined): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw bad(file, row, `"${v}" is not an integer`);
  return n;
}

/** Parses releases.csv. */
export function parseReleases(text: string): SampleReleaseInfo[] {
  return parseCsvRecords(text).map((r, i) => {
    const q = toInt('releases.csv', i + 2, r.ref_quarter);
    if (q < 1 || q > 4) throw bad('releases.csv', i + 2, `ref_quarter ${q}`);
    return {
      id: r.id ?? '',
      series: r.series ?? '',
      region: r.region ?? '',
      refYear: toInt('releases.csv', i + 2, r.ref_year),
      refQuarter: q as 1 | 2 | 3 | 4,
      coverYear: toInt('releases.csv', i + 2, r.cover_year),
      coverMonth: toInt('releases.csv', i + 2, r.cover_month),
      publishedOn: r.published_on ?? '',
      dataCutoff: r.data_cutoff ?? '',
      noteNumber: r.note_number ?? '',
      department: r.department ?? '',
      author: r.author ?? '',
      title: r.title ?? '',
      fileName: r.file_name ?? '',
      layout: r.layout ?? '',
    };
  });
}

/** Parses release_figures.csv into figures grouped by release id (file order = table order). */
export function parseReleaseFigures(text: string): Map<string, SampleFigure[]> {
  const out = new Map<string, SampleFigure[]>();
  parseCsvRecords(text).forEach((r, i) => {
    const metric = r.metric ?? '';
    const kind = r.kind ?? '';
    if (!isMetric(metric)) throw bad('release_figures.csv', i + 2, `unknown metric "${metric}"`);
    if (!(ENTITY_KINDS as readonly string[]).includes(kind)) throw bad('release_figures.csv', i + 2, `unknown kind "${kind}"`);
    const value = Number(r.value);
    if (!Number.isFinite(value)) throw bad('release_figures.csv', i + 2, `value "${r.value}"`);
    const modelled = r.modelled === 'true';
    const fig: SampleFigure = {
      entity: r.entity ?? '',
      kind: kind as EntityKind,
      period: r.period ?? '',
      metric: metric as Metric,
      value,
      modelled,
      ...(r.source ? { source: r.source } : {}),
    };
    const id = r.release_id ?? '';
    const list = out.get(id);
    if (list) list.push(fig);
    else out.set(id, [fig]);
  });
  return out;
}

const catalogs = new Map<string, SampleCatalog>();

/**
 * The sample publisher's catalog: 30 releases (2018Q1–2025Q2, oldest first) and what each prints.
 * @param dir a data/sample directory (default: the repository's).
 * @throws DatasetError DATASET_FILE_MISSING / DATASET_BAD_FILE when the files are absent or malformed.
 * @example
 * const cat = loadSampleCatalog();
 * const r = cat.release('er-2025Q1');           // { publishedOn: '2025-07-22', noteNumber: 'n. 68', … }
 * cat.figures('er-2025Q1').find((f) => f.entity === 'Biomedicale di Mirandola' && f.period === '2025Q1'
 *   && f.metric === 'exports_meur')?.value;    // 131
 */
export function loadSampleCatalog(dir: string = DEFAULT_SAMPLE_DIR): SampleCatalog {
  const cached = catalogs.get(dir);
  if (cached) return cached;
  const releases = Object.freeze(parseReleases(readDataFile(dir, 'releases.csv')).map((r) => Object.freeze(r)));
  const byId = new Map(releases.map((r) => [r.id, r]));
  // The figures (a 550 KB file) are read when a release's PDF is first drawn, not at start-up: a
  // `run --sample` with nothing new draws none (issue 13). A missing file still fails here.
  readDataFile(dir, 'release_figures.csv', { existenceOnly: true });
  let figures: Map<string, readonly SampleFigure[]> | undefined;
  const figuresById = () => (figures ??= readReleaseFigures(dir, byId));
  const catalog: SampleCatalog = {
    releases: () => releases,
    release: (id) => byId.get(id),
    figures: (id) => figuresById().get(id) ?? [],
  };
  catalogs.set(dir, catalog);
  return catalog;
}

function readReleaseFigures(dir: string, releases: ReadonlyMap<string, SampleReleaseInfo>): Map<string, readonly SampleFigure[]> {
  const figures = parseReleaseFigures(readDataFile(dir, 'release_figures.csv'));
  for (const id of figures.keys()) if (!releases.has(id)) throw bad('release_figures.csv', 0, `release ${id} is not in releases.csv`);
  return new Map([...figures].map(([id, list]) => [id, Object.freeze(list.map((f) => Object.freeze(f)))]));
}

/** One row of series.csv: the final (latest-vintage) quarterly level of an entity. */
export interface SeriesPoint {
  readonly entity: string;
  readonly kind: EntityKind;
  readonly period: string;
  readonly exportsMeur: number;
  readonly modelled: boolean;
  readonly source?: string;
  /** Release id(s) whose vintage the value comes from, or `base` (before 2018). */
  readonly vintage: string;
}

/** The final quarterly series 2011Q1–2025Q2 of every entity (aggregates with the members of each quarter). */
export function loadSampleSeries(dir: string = DEFAULT_SAMPLE_DIR): SeriesPoint[] {
  return parseCsvRecords(readDataFile(dir, 'series.csv')).map((r) => ({
    entity: r.entity ?? '',
    kind: (r.kind ?? '') as EntityKind,
    period: r.period ?? '',
    exportsMeur: Number(r.exports_meur),
    modelled: r.modelled === 'true',
    ...(r.source ? { source: r.source } : {}),
    vintage: r.vintage ?? '',
  }));
}

/** The texts of the published CSVs copied into data/published. */
export function publishedCsvTexts(dir: string = DEFAULT_PUBLISHED_DIR): { quarterly: string; other: string } {
  return { quarterly: readDataFile(dir, 'published_quarterly.csv'), other: readDataFile(dir, 'published_other_periods.csv') };
}

/** Every published figure the sample reproduces (data/published + the notes + the project brief). */
export function publishedFacts(dir: string = DEFAULT_PUBLISHED_DIR): PublishedFacts {
  const { quarterly, other } = publishedCsvTexts(dir);
  return parsePublishedFacts(quarterly, other);
}
