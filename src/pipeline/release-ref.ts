import { createHash } from 'node:crypto';
import type { ReleaseHint } from './ingest.ts';

/** The stages of a release's processing, in order. */
export const RELEASE_STAGES = ['fetch', 'parse', 'load'] as const;
export type ReleaseStage = (typeof RELEASE_STAGES)[number];
/** Where a re-run may start. */
export const RERUN_STAGES = ['fetch', 'parse', 'load', 'render'] as const;
export type RerunStage = (typeof RERUN_STAGES)[number];

/** One release to process: what the listing (or the release row) says about it. */
export interface ReleaseRef {
  /** Null for a release ingested from a file (it can be re-run from parse, not fetched). */
  readonly url: string | null;
  readonly hint: ReleaseHint & { readonly coverYear: number; readonly coverMonth: number };
  /** Its reference quarter `YYYYQn`: printed (loaded before) or expected from the cover date. */
  readonly refQuarter: string;
}

/** A release's subject in run history: series, region and cover month (its natural key). */
export function releaseSubject(r: Pick<ReleaseRef, 'hint'>): string {
  const { series, region, coverYear, coverMonth } = r.hint;
  return `${series}/${region}/${coverYear}-${String(coverMonth).padStart(2, '0')}`;
}

export function briefsSubject(entitySlug: string): string {
  return `briefs/${entitySlug}`;
}

/** A short, stable hash of a stage's inputs (part of its job id). */
export function inputHash(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 12);
}
