import type { PipelineDeps } from './deps.ts';
import type { ReleaseRef } from './release-ref.ts';
import { fetchDocument } from '../extract/fetch-document.ts';
import { loadParsedDocument, parseStoredDocument, type IngestOutcome, type StoredDocumentInput } from './ingest.ts';
import { renderBriefs, type BriefOutcome, type LatestBriefData } from './briefs.ts';
import { NoDataForBriefError, ParsedResultMissingError } from './errors.ts';
import { parsedDocument } from '../../db/queries/parsed-documents.ts';

/**
 * The stages of one release, as plain functions of their inputs: the in-process run and the
 * BullMQ job files call these same functions (the run records them through `recordStage`).
 */

export interface FetchResult {
  readonly sha256: string;
  readonly notModified: boolean;
  readonly newBytes: boolean;
}

/** fetch: the document into the raw store (conditional GET when fetched before). */
export async function fetchStage(deps: PipelineDeps, ref: ReleaseRef): Promise<FetchResult> {
  if (!ref.url) throw new ParsedResultMissingError('(none)', null);
  const r = await fetchDocument({ client: deps.http, db: deps.db, url: ref.url, log: deps.log, clock: deps.now });
  return { sha256: r.sha256, notModified: r.notModified, newBytes: r.newBytes };
}

export type ParseResult =
  | { readonly sha256: string; readonly status: 'unchanged'; readonly outcome: IngestOutcome }
  | { readonly sha256: string; readonly status: 'parsed'; readonly figures: number };

function storedInput(deps: PipelineDeps, ref: ReleaseRef, sha256: string, force: boolean): StoredDocumentInput {
  return { sha256, url: ref.url, source: deps.adapter.id, hint: ref.hint, force };
}

/** parse: stored bytes → parsed release, kept for `load` (skipped when these bytes were already processed, unless forced). */
export async function parseStage(deps: PipelineDeps, ref: ReleaseRef, sha256: string, force: boolean): Promise<ParseResult> {
  const r = await parseStoredDocument(deps, storedInput(deps, ref, sha256, force));
  if (r.status === 'unchanged') return { sha256, status: 'unchanged', outcome: r.outcome };
  return { sha256, status: 'parsed', figures: r.extracted.figures.length };
}

/** load: the kept parse result → validated and loaded (or quarantined). */
export async function loadStage(deps: PipelineDeps, ref: ReleaseRef, parsed: ParseResult | { sha256: string }, force: boolean): Promise<IngestOutcome> {
  if ('status' in parsed && parsed.status === 'unchanged') return parsed.outcome;
  const kept = await parsedDocument(deps.db, parsed.sha256);
  if (!kept) throw new ParsedResultMissingError(parsed.sha256, ref.url);
  return loadParsedDocument(deps, storedInput(deps, ref, parsed.sha256, force), kept.extracted);
}

export type RenderResult = { readonly briefs: readonly BriefOutcome[] } | { readonly skipped: string };

/** render: the briefs of the latest quarter; nothing loaded yet is not a failure, it is said. */
export async function renderStage(deps: PipelineDeps, runId: string, entitySlug: string, latest?: LatestBriefData): Promise<RenderResult> {
  try {
    return { briefs: await renderBriefs(deps, { runId, entitySlug, latest }) };
  } catch (e) {
    if (!(e instanceof NoDataForBriefError)) throw e;
    deps.log.warn({ code: e.code }, 'no briefs rendered: nothing loaded yet');
    return { skipped: e.message };
  }
}
