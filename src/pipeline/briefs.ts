import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PipelineDeps } from './deps.ts';
import { getOrRenderBriefOf } from '../report/get-or-render.ts';
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
    const b = await getOrRenderBriefOf(deps.db, data, { lang, runId: opts.runId, codeVersion: deps.codeVersion }, deps.renderBrief);
    const path = join(deps.outDir, b.fileName);
    await writeFileAtomic(path, b.bytes);
    deps.log.info({ briefId: b.briefId, lang, reused: b.reused, path }, 'brief ready');
    out.push({ lang, briefId: b.briefId, sha256: b.sha256, reused: b.reused, path });
  }
  return out;
}
