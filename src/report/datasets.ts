import { quarterIndex } from '../domain/period.ts';
import { displayName } from './i18n.ts';
import { quarterCode } from './format.ts';
import type { BriefData, BriefLang } from './types.ts';

/**
 * The data behind each chart and table, as plain rows. The charts are drawn from these
 * rows and the same rows are embedded in the PDF as CSV, so a reader can check every mark.
 */
export type Row = Readonly<Record<string, string | number | null>>;

export interface Dataset {
  /** Attachment file name, e.g. "exports-hubs.csv". */
  readonly file: string;
  readonly description: string;
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
}

/** Entities of the time-series charts: the peers (entity first) then the regional total. */
export function seriesEntities(data: BriefData) {
  return data.regionalTotal ? [...data.peers, data.regionalTotal] : [...data.peers];
}

const t = (year: number, quarter: number) => year + (quarter - 1) / 4;

/** Quarterly exports of the entity and the hubs (the regional total is on another scale). */
export function exportsDataset(data: BriefData, lang: BriefLang): Dataset {
  const rows = data.peers.flatMap((e) =>
    data.series
      .filter((p) => p.slug === e.slug && p.exportsMeur !== null)
      .map((p) => ({ entity: displayName(e, data, lang), slug: e.slug, quarter: quarterCode(p.year, p.quarter), t: t(p.year, p.quarter), exports_meur: p.exportsMeur })),
  );
  return { file: 'exports-hubs.csv', description: 'Quarterly exports, EUR million', columns: ['entity', 'slug', 'quarter', 't', 'exports_meur'], rows };
}

export function yoyDataset(data: BriefData, lang: BriefLang): Dataset {
  const rows = seriesEntities(data).flatMap((e) =>
    data.series
      .filter((p) => p.slug === e.slug && p.yoyPct !== null)
      .map((p) => ({ entity: displayName(e, data, lang), slug: e.slug, quarter: quarterCode(p.year, p.quarter), t: t(p.year, p.quarter), yoy_pct: p.yoyPct })),
  );
  return { file: 'yoy-by-quarter.csv', description: 'Year-on-year % change by quarter', columns: ['entity', 'slug', 'quarter', 't', 'yoy_pct'], rows };
}

/**
 * Exports indexed to the average of the first four quarters shown (= 100): a year's
 * average carries no seasonality, so quarters compare with a like-for-like base.
 */
export function indexDataset(data: BriefData, lang: BriefLang): Dataset & { baseFrom: { year: number; quarter: number } | null; baseTo: { year: number; quarter: number } | null } {
  const ents = seriesEntities(data);
  const level = (slug: string, qi: number) => data.series.find((p) => p.slug === slug && quarterIndex(p.year, p.quarter) === qi)?.exportsMeur ?? null;
  const withLevels = ents.filter((e) => data.series.some((p) => p.slug === e.slug && p.exportsMeur !== null));
  const quarters = [...new Set(data.series.map((p) => quarterIndex(p.year, p.quarter)))].sort((a, b) => a - b);
  // The first four consecutive quarters where every series with levels has a value.
  const baseQi = quarters.find((qi) => withLevels.every((e) => [0, 1, 2, 3].every((k) => level(e.slug, qi + k) !== null)));
  const rows: Row[] = [];
  if (baseQi === undefined) return { file: 'index-base100.csv', description: 'Exports indexed', columns: [], rows, baseFrom: null, baseTo: null };
  for (const e of withLevels) {
    const base = [0, 1, 2, 3].reduce((s, k) => s + level(e.slug, baseQi + k)!, 0) / 4;
    for (const p of data.series.filter((x) => x.slug === e.slug)) {
      if (p.exportsMeur === null || quarterIndex(p.year, p.quarter) < baseQi) continue;
      rows.push({ entity: displayName(e, data, lang), slug: e.slug, quarter: quarterCode(p.year, p.quarter), t: t(p.year, p.quarter), exports_meur: p.exportsMeur, base_meur: Math.round(base * 1000) / 1000, index: Math.round((p.exportsMeur / base) * 1000) / 10 });
    }
  }
  const q = (qi: number) => ({ year: Math.floor(qi / 4), quarter: (qi % 4) + 1 });
  return {
    file: 'index-base100.csv',
    description: 'Exports indexed, average of the first four quarters shown = 100',
    columns: ['entity', 'slug', 'quarter', 't', 'exports_meur', 'base_meur', 'index'],
    rows,
    baseFrom: q(baseQi),
    baseTo: q(baseQi + 3),
  };
}

export function rankedDataset(data: BriefData): Dataset {
  const rows = data.latestYoy.map((x, i) => ({
    rank: i + 1,
    entity: x.name,
    slug: x.slug,
    kind: x.kind,
    quarter: quarterCode(data.year, data.quarter),
    yoy_pct: x.yoyPct,
    exports_meur: x.exportsMeur,
    data_source: x.dataSource,
  }));
  return { file: 'latest-yoy-ranked.csv', description: 'Latest year-on-year % change, hubs and districts, ranked', columns: ['rank', 'entity', 'slug', 'kind', 'quarter', 'yoy_pct', 'exports_meur', 'data_source'], rows };
}

export function revisionsDataset(data: BriefData): Dataset {
  const rows = data.revisions.map((r) => ({ slug: r.slug, entity: r.name, quarter: quarterCode(r.year, r.quarter), metric: r.metric, previous: r.previous, current: r.current, previous_release_id: r.previousReleaseId, release_id: data.release.id }));
  return { file: 'revisions.csv', description: 'Figures this note revises, against their newest earlier vintage', columns: ['slug', 'entity', 'quarter', 'metric', 'previous', 'current', 'previous_release_id', 'release_id'], rows };
}

export function sourcesDataset(data: BriefData): Dataset {
  const rows = data.releases.map((r) => ({
    release_id: r.id,
    source: r.source,
    title: r.title,
    note_number: r.noteNumber,
    cover: `${r.coverYear}-${String(r.coverMonth).padStart(2, '0')}`,
    reference_quarter: r.refYear !== null && r.refQuarter !== null ? quarterCode(r.refYear, r.refQuarter) : null,
    data_cutoff: r.dataCutoff,
    url: r.url,
    document_sha256: r.documentSha256,
    pages: r.pages.join(' '),
  }));
  return { file: 'sources.csv', description: 'Releases used', columns: ['release_id', 'source', 'title', 'note_number', 'cover', 'reference_quarter', 'data_cutoff', 'url', 'document_sha256', 'pages'], rows };
}

/** Lineage: the primary key of every observation shown or compared. */
export function lineageDataset(data: BriefData): Dataset {
  const rows = data.observations.map((o) => ({ release_id: o.releaseId, entity_id: o.entityId, period_year: o.periodYear, period_first_month: o.periodFirstMonth, period_last_month: o.periodLastMonth, metric: o.metric }));
  return { file: 'observations.csv', description: 'Observation keys used (lineage)', columns: ['release_id', 'entity_id', 'period_year', 'period_first_month', 'period_last_month', 'metric'], rows };
}

/** RFC 4180 CSV, UTF-8, '\n' line ends, '.' decimals: language-neutral, machine-readable. */
export function toCsv(ds: Dataset): string {
  const cell = (v: string | number | null | undefined) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [ds.columns.join(','), ...ds.rows.map((r) => ds.columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
