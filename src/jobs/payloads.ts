import type { ReleaseHint } from '../pipeline/ingest.ts';
import type { Lang } from '../pipeline/briefs.ts';

/** The one queue every pipeline job goes through (prefix from config isolates deployments). */
export const PIPELINE_QUEUE = 'pipeline';

/** Typed payload of every job name: a job file parses its payload against this map. */
export interface JobPayloads {
  /** Discover new releases and enqueue their ingestion, then the briefs. */
  run: { trigger: 'schedule' | 'operator' | 'cli' | 'backfill'; runId?: string; fromYear?: number; toYear?: number };
  'ingest-release': { url: string; hint: ReleaseHint; runId?: string };
  'reparse-release': { releaseId: number };
  'render-briefs': { runId: string; entitySlug?: string; year?: number; quarter?: number; langs?: Lang[] };
}

export type JobName = keyof JobPayloads;

export const JOB_NAMES: readonly JobName[] = ['run', 'ingest-release', 'reparse-release', 'render-briefs'];

export function isJobName(s: string): s is JobName {
  return (JOB_NAMES as readonly string[]).includes(s);
}
