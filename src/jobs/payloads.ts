import * as z from 'zod';
import { NotRetryableError } from '../errors/distretti-error.ts';

/** The one queue every pipeline job goes through (prefix from config isolates deployments). */
export const PIPELINE_QUEUE = 'pipeline';

const quarter = z.string().regex(/^\d{4}Q[1-4]$/);
const releaseRef = z.object({
  url: z.string().nullable(),
  refQuarter: quarter,
  hint: z.object({
    series: z.string().min(1),
    region: z.string().min(1),
    title: z.string().optional(),
    coverYear: z.number().int(),
    coverMonth: z.number().int().min(1).max(12),
    publishedOn: z.string().nullable().optional(),
  }),
});
const stageBase = z.object({ runId: z.string().min(1), ref: releaseRef, force: z.boolean().default(false) });

/**
 * Every job name and its payload, parsed (not cast) by the job's handler. A payload that
 * does not parse fails at once: retrying the same bytes cannot help.
 */
export const PAYLOADS = {
  /** Plan a run (read the listing, or one release for a re-run) and queue its stage jobs. */
  run: z.object({
    trigger: z.enum(['schedule', 'manual', 'backfill', 'retry', 'web', 'operator', 'cli']).default('manual'),
    runId: z.string().optional(),
    selection: z.enum(['pending', 'missing', 'failed', 'all']).optional(),
    fromQuarter: quarter.optional(),
    toQuarter: quarter.optional(),
    fromYear: z.number().int().optional(),
    toYear: z.number().int().optional(),
    entitySlug: z.string().optional(),
    rerun: z.object({ releaseId: z.number().int(), from: z.enum(['fetch', 'parse', 'load', 'render']) }).optional(),
    /** Read every listing page (otherwise a pending run stops at pages of known releases). */
    fullWalk: z.boolean().optional(),
    /** Set by the window poll: run only when a note is due. */
    onlyWhenDue: z.boolean().optional(),
  }),
  fetch: stageBase,
  /** `sha256` given on a re-run; otherwise taken from the fetch child's result. */
  parse: stageBase.extend({ sha256: z.string().optional() }),
  load: stageBase.extend({ sha256: z.string().optional() }),
  render: z.object({ runId: z.string().min(1), entitySlug: z.string().min(1) }),
  'reparse-release': z.object({ releaseId: z.number().int() }),
  /** One brief an analyst asked for (web, API): any entity, quarter and language, outside any run. */
  'render-brief': z.object({
    requestId: z.string().min(1),
    entitySlug: z.string().min(1),
    year: z.number().int().min(2000).max(2100),
    quarter: z.number().int().min(1).max(4),
    lang: z.enum(['it', 'en']),
  }),
} as const;

export type JobName = keyof typeof PAYLOADS;
export type JobPayloads = { [N in JobName]: z.input<(typeof PAYLOADS)[N]> };
export type ParsedPayload<N extends JobName> = z.output<(typeof PAYLOADS)[N]>;

export const JOB_NAMES = Object.keys(PAYLOADS) as JobName[];

export function isJobName(s: string): s is JobName {
  return (JOB_NAMES as readonly string[]).includes(s);
}

export class JobPayloadError extends NotRetryableError {
  constructor(name: string, issues: string) {
    super('JOB_PAYLOAD_INVALID', `job "${name}" has an invalid payload (${issues}); it was queued by an incompatible version.`, { job: name });
  }
}

/** Parses a job's payload against its schema. */
export function parsePayload<N extends JobName>(name: N, data: unknown): ParsedPayload<N> {
  const r = PAYLOADS[name].safeParse(data);
  if (!r.success) throw new JobPayloadError(name, r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data as ParsedPayload<N>;
}
