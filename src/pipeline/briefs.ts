import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PipelineDeps } from './deps.ts';
import { findStoredBriefOf, getOrRenderBriefOf } from '../report/get-or-render.ts';
import { assembleBriefData } from '../report/assemble.ts';
import { latestQuarterFor } from '../../db/queries/pipeline.ts';
import { NoDataForBriefError } from './errors.ts';
import { writeFileAtomic } from '../lib/write-file-atomic.ts';
import type { BriefData } from '../report/types.ts';

export type Lang = 'it' | 'en';

export interface BriefOutcome {
  readonly lang: Lang;
  readonly briefId: number;
  readonly sha256: string;
  readonly reused: boolean;
  /** Where the PDF was written on disk. */
  readonly path: string;
}

/** Default subject of the briefing: the Mirandola biomedical hub. */
export const DEFAULT_BRIEF_ENTITY = 'biomedicale-mirandola';

/** The data of an entity's brief for its latest quarter with data, as the database held it when read. */
export interface LatestBriefData {
  readonly entitySlug: string;
  readonly data: BriefData;
}

/** Reads {@link LatestBriefData}; `NoDataForBriefError` when nothing of the entity is loaded. */
export async function readLatestBriefData(deps: Pick<PipelineDeps, 'db'>, entitySlug: string = DEFAULT_BRIEF_ENTITY): Promise<LatestBriefData> {
  const latest = await latestQuarterFor(deps.db, entitySlug);
  if (!latest) throw new NoDataForBriefError(entitySlug);
  return { entitySlug, data: await assembleBriefData(deps.db, { entitySlug, year: latest.year, quarter: latest.quarter }) };
}

/**
 * Renders (or reuses) the brief of an entity for a quarter — by default its latest
 * quarter with data — in each language, and writes the PDFs to `deps.outDir`.
 */
export async function renderBriefs(
  deps: PipelineDeps,
  opts: {
    entitySlug?: string;
    year?: number;
    quarter?: number;
    langs?: readonly Lang[];
    runId: string;
    /** The latest quarter's data, already read (a run that loaded nothing reads it early); used when no quarter is asked for. */
    latest?: LatestBriefData | undefined;
  },
): Promise<BriefOutcome[]> {
  const entitySlug = opts.entitySlug ?? DEFAULT_BRIEF_ENTITY;
  let data: BriefData;
  if (opts.year !== undefined && opts.quarter !== undefined) {
    data = await assembleBriefData(deps.db, { entitySlug, year: opts.year, quarter: opts.quarter });
  } else {
    data = (opts.latest?.entitySlug === entitySlug ? opts.latest : await readLatestBriefData(deps, entitySlug)).data;
  }
  await mkdir(deps.outDir, { recursive: true });
  const out: BriefOutcome[] = [];
  for (const lang of opts.langs ?? (['it', 'en'] as const)) {
    // A brief already stored whose file on disk is byte for byte that brief: nothing to read or
    // write (issue 13: most runs find nothing new; the two PDFs' bytes and writes were ~30 ms of one).
    const stored = await findStoredBriefOf(deps.db, data, { lang, codeVersion: deps.codeVersion });
    if (stored) {
      const path = join(deps.outDir, stored.fileName);
      if ((await sha256OfFile(path)) === stored.sha256) {
        deps.log.info({ briefId: stored.briefId, lang, reused: true, path }, 'brief ready');
        out.push({ lang, briefId: stored.briefId, sha256: stored.sha256, reused: true, path });
        continue;
      }
    }
    const b = await getOrRenderBriefOf(deps.db, data, { lang, runId: opts.runId, codeVersion: deps.codeVersion }, deps.renderBrief);
    const path = join(deps.outDir, b.fileName);
    await writeFileAtomic(path, b.bytes);
    deps.log.info({ briefId: b.briefId, lang, reused: b.reused, path }, 'brief ready');
    out.push({ lang, briefId: b.briefId, sha256: b.sha256, reused: b.reused, path });
  }
  return out;
}

/**
 * The SHA-256 of a file's bytes, or `undefined` when it cannot be read (absent, a directory…):
 * then the brief is written again, and that write reports what is wrong with the path.
 */
async function sha256OfFile(path: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await readFile(path)).digest('hex');
  } catch {
    return undefined;
  }
}
