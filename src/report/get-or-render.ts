import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { assembleBriefData } from './assemble.ts';
import { findBriefByInputsHash, findBriefDigestByInputsHash, insertBrief } from './brief-store.ts';
import { LAYOUT_VERSION } from './layout-version.ts';
import type { BriefRenderFn } from './render-thread.ts';
import type { BriefData, BriefLang } from './types.ts';

export interface BriefJob {
  readonly entitySlug: string;
  /** Reference quarter; both omitted = the latest with data. */
  readonly year?: number | undefined;
  readonly quarter?: number | undefined;
  readonly lang: BriefLang;
  readonly runId: string;
  readonly codeVersion: string;
}

export interface BriefResult {
  readonly briefId: number;
  /** SHA-256 of the PDF bytes. */
  readonly sha256: string;
  readonly bytes: Buffer;
  /** True when a stored brief with the same inputs was returned instead of rendering. */
  readonly reused: boolean;
  /** e.g. "brief-biomedicale-mirandola-2025Q1-it.pdf" */
  readonly fileName: string;
}

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Hash of everything that determines a brief's content: the data, the language, the code
 * version and the layout version. The run id is deliberately left out: it only labels a run,
 * so a re-run on unchanged data reuses the stored brief — which keeps the run id of the run
 * that first rendered it (its stamp then names the run that produced those bytes).
 */
export function briefInputsHash(data: BriefData, lang: BriefLang, codeVersion: string): string {
  return createHash('sha256').update(canonicalJson({ layout: LAYOUT_VERSION, data, lang, codeVersion })).digest('hex');
}

export function briefFileName(data: Pick<BriefData, 'entity' | 'year' | 'quarter'>, lang: BriefLang): string {
  return `brief-${data.entity.slug}-${data.year}Q${data.quarter}-${lang}.pdf`;
}

/**
 * {@link renderBrief}, imported when first used: pdfkit and Vega weigh ~90 MB, and a `worker`
 * renders on its render thread, never here (issue 13: CLI start-up memory).
 */
const renderOnThisThread: BriefRenderFn = async (data, opts) => (await import('./render.ts')).renderBrief(data, opts);

/**
 * Returns the brief for these inputs: the stored one when its inputs' hash is known,
 * else renders it, stores bytes + hash and the lineage rows, and returns it.
 *
 * @example
 * const { bytes, fileName, reused } = await getOrRenderBrief(db, {
 *   entitySlug: 'biomedicale-mirandola', lang: 'it', runId, codeVersion: '0.1.0',
 * });
 */
export async function getOrRenderBrief(
  db: Kysely<Database>,
  job: BriefJob,
  /** Who draws the PDF: a worker passes the off-thread renderer (render-thread.ts). @defaultValue renderBrief, on this thread */
  render: BriefRenderFn = renderOnThisThread,
): Promise<BriefResult> {
  const data = await assembleBriefData(db, { entitySlug: job.entitySlug, year: job.year, quarter: job.quarter });
  return getOrRenderBriefOf(db, data, job, render);
}

/**
 * The stored brief for these inputs, without its bytes, or `undefined` when none is stored yet:
 * a run that finds its copy on disk already holds these bytes need not read them again.
 */
export async function findStoredBriefOf(
  db: Kysely<Database>,
  data: BriefData,
  job: Pick<BriefJob, 'lang' | 'codeVersion'>,
): Promise<{ briefId: number; sha256: string; fileName: string } | undefined> {
  const stored = await findBriefDigestByInputsHash(db, briefInputsHash(data, job.lang, job.codeVersion));
  return stored ? { briefId: stored.id, sha256: stored.sha256, fileName: briefFileName(data, job.lang) } : undefined;
}

/**
 * {@link getOrRenderBrief} for data already assembled: the Italian and English briefs of one
 * quarter share it, and assembling it is most of what a re-run with nothing new does per brief.
 */
export async function getOrRenderBriefOf(
  db: Kysely<Database>,
  data: BriefData,
  job: Pick<BriefJob, 'lang' | 'runId' | 'codeVersion'>,
  render: BriefRenderFn = renderOnThisThread,
): Promise<BriefResult> {
  const inputsHash = briefInputsHash(data, job.lang, job.codeVersion);
  const fileName = briefFileName(data, job.lang);
  const stored = await findBriefByInputsHash(db, inputsHash);
  if (stored) return { briefId: stored.id, sha256: stored.sha256, bytes: stored.bytes, reused: true, fileName };

  const bytes = await render(data, { lang: job.lang, runId: job.runId, codeVersion: job.codeVersion });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { brief, inserted } = await insertBrief(
    db,
    { entityId: data.entity.id, year: data.year, quarter: data.quarter, lang: job.lang, inputsHash, sha256, bytes, basedOnReleaseId: data.release.id, runId: job.runId },
    data.observations,
  );
  return { briefId: brief.id, sha256: brief.sha256, bytes: brief.bytes, reused: !inserted, fileName };
}
