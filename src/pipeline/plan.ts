import type { PipelineDeps } from './deps.ts';
import type { ReleaseStatus } from '../../db/schema.ts';
import { walkListing } from './discover.ts';
import { releaseByNaturalKey } from '../../db/queries/releases.ts';
import { releaseById } from '../../db/queries/pipeline.ts';
import { periodCode, quarterPeriod } from '../domain/period.ts';
import { inferRefQuarters } from './ref-quarters.ts';
import type { ReleaseRef, ReleaseStage, RerunStage } from './release-ref.ts';
import { ReleaseNotFoundError } from './errors.ts';
import { DEFAULT_BRIEF_ENTITY } from './briefs.ts';

/**
 * Which listed releases a run processes:
 * - `pending` (scheduled and manual runs): every release not loaded yet;
 * - `missing`: releases never processed (no row, or not loaded, quarantined or failed);
 * - `failed`: quarantined or failed releases, re-processed even if their bytes did not change;
 * - `all`: every release in range, re-processed.
 */
export type Selection = 'pending' | 'missing' | 'failed' | 'all';
export const REPROCESS_MODES = ['missing', 'failed', 'all'] as const;

export interface PlannedRelease {
  readonly ref: ReleaseRef;
  /** The first stage to run. */
  readonly from: ReleaseStage;
  /** Process the stored bytes even when they were already loaded or quarantined. */
  readonly force: boolean;
  /** The stored document, when starting after fetch. */
  readonly sha256?: string;
  /** Its status before this run (null: never seen). */
  readonly status: ReleaseStatus | null;
}

export interface RunPlan {
  /** Releases on the listing (0 for a re-run, which reads no listing). */
  readonly listed: number;
  /** To process, oldest first. */
  readonly releases: readonly PlannedRelease[];
  /** Subject of the briefs rendered at the end. */
  readonly entitySlug: string;
  /** False when the listing walk stopped at pages of known releases (`listed` counts the pages read). */
  readonly listingComplete?: boolean;
}

export interface ListingPlanOptions {
  readonly selection?: Selection;
  /** Reference quarters, inclusive, `YYYYQn`. */
  readonly fromQuarter?: string;
  readonly toQuarter?: string;
  /** Cover years, inclusive (the older `jobs backfill --from 2018`). */
  readonly fromYear?: number;
  readonly toYear?: number;
  readonly entitySlug?: string;
  /**
   * Read every listing page. Otherwise a `pending` run stops at pages of releases already loaded
   * (issue 13: cheap re-runs); other selections (backfills) always read the whole listing.
   */
  readonly fullWalk?: boolean;
}

function selected(selection: Selection, status: ReleaseStatus | null): { take: boolean; force: boolean } {
  switch (selection) {
    case 'pending':
      return { take: status !== 'loaded', force: false };
    case 'missing':
      return { take: status === null || !['loaded', 'quarantined', 'failed'].includes(status), force: false };
    case 'failed':
      return { take: status === 'quarantined' || status === 'failed', force: true };
    case 'all':
      return { take: true, force: true };
  }
}

/** Reads the listing and decides what to process (a dry run prints this and stops). */
export async function planFromListing(deps: PipelineDeps, opts: ListingPlanOptions = {}): Promise<RunPlan> {
  const selection = opts.selection ?? 'pending';
  const { releases, complete } = await walkListing(deps, { fullWalk: opts.fullWalk === true || selection !== 'pending' });
  const rows = await Promise.all(releases.map(async (r) => ({ r, row: await releaseByNaturalKey(deps.db, r) })));
  const withQuarters = inferRefQuarters(
    rows.map(({ r, row }) => ({
      coverYear: r.coverYear,
      coverMonth: r.coverMonth,
      r,
      row,
      ...(row?.ref_year && row.ref_quarter ? { known: { year: row.ref_year, quarter: row.ref_quarter } } : {}),
    })),
  ).sort((a, b) => a.refYear - b.refYear || a.refQuarter - b.refQuarter || a.coverYear - b.coverYear || a.coverMonth - b.coverMonth);
  const planned: PlannedRelease[] = [];
  for (const n of withQuarters) {
    const refQuarter = periodCode(quarterPeriod(n.refYear, n.refQuarter));
    if (opts.fromQuarter && refQuarter < opts.fromQuarter) continue;
    if (opts.toQuarter && refQuarter > opts.toQuarter) continue;
    if (opts.fromYear !== undefined && n.coverYear < opts.fromYear) continue;
    if (opts.toYear !== undefined && n.coverYear > opts.toYear) continue;
    const status = n.row?.status ?? null;
    const { take, force } = selected(selection, status);
    if (!take) continue;
    const { r } = n;
    planned.push({
      ref: {
        url: r.url,
        hint: { series: r.series, region: r.region, title: r.title, coverYear: r.coverYear, coverMonth: r.coverMonth, publishedOn: r.publishedOn ?? null },
        refQuarter,
      },
      from: 'fetch',
      force,
      status,
    });
  }
  deps.log.info({ listed: releases.length, planned: planned.length, selection, listingComplete: complete }, 'run planned');
  return { listed: releases.length, releases: planned, entitySlug: opts.entitySlug ?? DEFAULT_BRIEF_ENTITY, listingComplete: complete };
}

/** A re-run of one release from a stage, reusing its stored bytes (parse) or parse result (load). */
export async function planRerun(
  deps: PipelineDeps,
  opts: { releaseId: number; from: RerunStage; entitySlug?: string },
): Promise<RunPlan> {
  const entitySlug = opts.entitySlug ?? DEFAULT_BRIEF_ENTITY;
  const row = await releaseById(deps.db, opts.releaseId);
  if (!row) throw new ReleaseNotFoundError(opts.releaseId, 'no such release');
  if (opts.from === 'render') return { listed: 0, releases: [], entitySlug };
  if (opts.from === 'fetch' && !row.url) throw new ReleaseNotFoundError(opts.releaseId, 'it has no URL to fetch (ingested from a file): re-run it from parse');
  if (opts.from !== 'fetch' && !row.document_sha256) {
    throw new ReleaseNotFoundError(opts.releaseId, 'no document was stored for it: re-run it from fetch');
  }
  const coverYear = row.cover_year;
  const coverMonth = row.cover_month;
  if (coverYear === null || coverMonth === null) {
    // An unidentified document (nothing could be read from it, no listing named it): there is no
    // release to re-run a stage of; fix the cause and ingest the file again.
    throw new ReleaseNotFoundError(opts.releaseId, 'its cover is unknown (nothing could be read from its document): fix the cause, then `distretti reparse --release ID` or ingest the file again');
  }
  const refQuarter =
    row.ref_year && row.ref_quarter
      ? periodCode(quarterPeriod(row.ref_year, row.ref_quarter))
      : (() => {
          const [q] = inferRefQuarters([{ coverYear, coverMonth }]);
          return periodCode(quarterPeriod(q!.refYear, q!.refQuarter));
        })();
  return {
    listed: 0,
    entitySlug,
    releases: [
      {
        ref: {
          url: row.url,
          hint: { series: row.series, region: row.region, title: row.title, coverYear, coverMonth, publishedOn: row.published_on },
          refQuarter,
        },
        from: opts.from,
        force: true,
        status: row.status,
        ...(row.document_sha256 ? { sha256: row.document_sha256 } : {}),
      },
    ],
  };
}
