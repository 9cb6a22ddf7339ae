import type { PipelineDeps } from './deps.ts';
import type { ExtractedRelease } from '../domain/release.ts';
import { regionRegistry } from '../domain/registry/index.ts';
import { isDistrettiError, type DistrettiError } from '../errors/distretti-error.ts';
import { defaultPdfParser } from '../extract/pdf-sandbox/index.ts';
import { fetchDocument } from '../extract/fetch-document.ts';
import { getRawDocument } from '../extract/raw-store.ts';
import { validateRelease } from '../transform/validate/index.ts';
import {
  deleteUnidentifiedRelease,
  insertUnidentifiedRelease,
  loadRelease,
  setReleaseStatus,
  upsertReleaseStub,
} from '../../db/queries/releases.ts';
import {
  latestLoadedFingerprint,
  previousVintage,
  releaseByDocument,
  releaseById,
} from '../../db/queries/pipeline.ts';
import { saveParsedDocument } from '../../db/queries/parsed-documents.ts';
import { ReleaseNotFoundError, ReleaseQuarantinedError } from './errors.ts';

/** What the listing told us about a release before we opened it. */
export interface ReleaseHint {
  readonly series: string;
  readonly region: string;
  readonly title?: string;
  readonly coverYear?: number;
  readonly coverMonth?: number;
  readonly publishedOn?: string | null;
}

export interface IngestOutcome {
  readonly url: string | null;
  readonly sha256: string;
  readonly releaseId: number;
  /** `unchanged`: these exact bytes were already loaded (or already quarantined) — nothing done. */
  readonly status: 'loaded' | 'unchanged';
  readonly observationsInserted: number;
  readonly warnings: number;
}

/**
 * Fetch (conditionally) → store raw bytes → parse → validate → load, for one release URL.
 * Throws a not-retryable error (after recording the quarantine) when the document
 * cannot be read or fails validation; the raw bytes stay in the store either way.
 */
export async function ingestFromUrl(deps: PipelineDeps, url: string, hint: ReleaseHint): Promise<IngestOutcome> {
  const log = deps.log.child({ url });
  const fetched = await fetchDocument({ client: deps.http, db: deps.db, url, log });
  return ingestStoredDocument(deps, { sha256: fetched.sha256, url, source: deps.adapter.id, hint });
}

/** Where a stored document came from and which release the listing said it is. */
export interface StoredDocumentInput {
  readonly sha256: string;
  readonly url: string | null;
  readonly source: string;
  readonly hint: ReleaseHint;
  /** Process it even when these bytes were already loaded or quarantined. */
  readonly force?: boolean;
}

/**
 * Parse → validate → load from bytes already in the raw store: no network.
 * Used by ingest, by `distretti ingest FILE.pdf` and to re-parse a quarantined release.
 */
export async function ingestStoredDocument(deps: PipelineDeps, input: StoredDocumentInput): Promise<IngestOutcome> {
  const parsed = await parseStoredDocument(deps, input);
  if (parsed.status === 'unchanged') return parsed.outcome;
  return loadParsedDocument(deps, input, parsed.extracted);
}

/**
 * The parse stage: reads the stored bytes into an {@link ExtractedRelease} and keeps it
 * (`parsed_documents`) so `load` can run again without parsing. Unreadable input is
 * quarantined (raw bytes kept) and re-thrown as not retryable.
 */
export async function parseStoredDocument(
  deps: PipelineDeps,
  input: StoredDocumentInput,
): Promise<{ status: 'unchanged'; outcome: IngestOutcome } | { status: 'parsed'; extracted: ExtractedRelease }> {
  const { db } = deps;
  const log = deps.log.child({ documentSha256: input.sha256, url: input.url ?? undefined });

  if (!input.force) {
    const known = await releaseByDocument(db, input.sha256);
    if (known && (known.status === 'loaded' || known.status === 'quarantined')) {
      log.info({ releaseId: known.id, status: known.status }, 'document already processed; nothing to do');
      return {
        status: 'unchanged',
        outcome: { url: input.url, sha256: input.sha256, releaseId: known.id, status: 'unchanged', observationsInserted: 0, warnings: 0 },
      };
    }
  }

  const raw = await getRawDocument(db, input.sha256);
  if (!raw) throw new ReleaseNotFoundError(-1, `document ${input.sha256} is not in the raw store`);

  const registryFor = deps.registryFor ?? regionRegistry;
  let extracted: ExtractedRelease;
  log.debug({ stage: 'parse' }, 'stage started');
  try {
    extracted = await (deps.pdf ?? defaultPdfParser()).extract(raw.bytes, {
      series: input.hint.series,
      region: input.hint.region,
      registry: registryFor(input.hint.region),
      documentSha256: input.sha256,
      previous: await latestLoadedFingerprint(db, input.hint.series, input.hint.region),
      ...(deps.adapter.vocabulary ? { vocabulary: deps.adapter.vocabulary } : {}),
    });
  } catch (e) {
    if (isDistrettiError(e) && e.disposition === 'not-retryable') {
      // jsonb refuses NUL characters, which hostile documents put in error previews.
      const detail = JSON.parse(JSON.stringify(e.toJSON()).replace(/\\u0000/g, '\\ufffd')) as Record<string, unknown>;
      const releaseId = await quarantineUnparsed(deps, input, detail);
      tellOutcome(
        e,
        `Stored as document ${input.sha256}; release ${releaseId} is quarantined (see \`distretti releases\`): ` +
          `after the fix, \`distretti reparse --release ${releaseId}\` reads it again without refetching.`,
        { releaseId },
      );
    }
    throw e;
  }
  await saveParsedDocument(db, { sha256: input.sha256, extracted, codeVersion: deps.codeVersion });
  return { status: 'parsed', extracted };
}

/**
 * The load stage: validates a parsed release against the vintage before it and loads it
 * (one transaction). Validation errors quarantine it and throw not retryable.
 */
export async function loadParsedDocument(
  deps: PipelineDeps,
  input: StoredDocumentInput,
  extracted: ExtractedRelease,
): Promise<IngestOutcome> {
  const { db } = deps;
  const log = deps.log.child({ documentSha256: input.sha256, url: input.url ?? undefined });
  const registryFor = deps.registryFor ?? regionRegistry;
  const previous = await previousVintage(db, {
    series: extracted.meta.series,
    region: extracted.meta.region,
    refYear: extracted.meta.referenceYear,
    refQuarter: extracted.meta.referenceQuarter,
  });
  const findings = validateRelease(extracted, { registry: registryFor(extracted.meta.region), previous });
  log.debug({ stage: 'load' }, 'stage started');
  const result = await loadRelease(db, {
    release: extracted,
    source: input.source,
    url: input.url,
    publishedOn: input.hint.publishedOn ?? null,
    findings,
  });
  // A document once recorded as unidentified now has its own release row.
  await deleteUnidentifiedRelease(db, input.sha256, result.releaseId);
  const rlog = log.child({ releaseId: result.releaseId });
  const errors = findings.filter((f) => f.severity === 'error');
  if (result.status === 'quarantined') {
    rlog.warn({ rules: errors.map((f) => f.rule) }, 'release quarantined by validation');
    throw new ReleaseQuarantinedError(result.releaseId, input.url, [...new Set(errors.map((f) => f.rule))]);
  }
  const warnings = findings.length - errors.length;
  rlog.info(
    { inserted: result.observationsInserted, unchanged: result.observationsUnchanged, warnings },
    'release loaded',
  );
  return {
    url: input.url,
    sha256: input.sha256,
    releaseId: result.releaseId,
    status: 'loaded',
    observationsInserted: result.observationsInserted,
    warnings,
  };
}

/** Re-runs parse → validate → load on a stored release (after an extractor or rule fix). */
export async function reparseRelease(deps: PipelineDeps, releaseId: number): Promise<IngestOutcome> {
  const r = await releaseById(deps.db, releaseId);
  if (!r) throw new ReleaseNotFoundError(releaseId, 'no such release');
  if (!r.document_sha256) throw new ReleaseNotFoundError(releaseId, 'no document was stored for it (fetch it first)');
  return ingestStoredDocument(deps, {
    sha256: r.document_sha256,
    url: r.url,
    source: r.source,
    hint: {
      series: r.series,
      region: r.region,
      title: r.title,
      ...(r.cover_year !== null && r.cover_month !== null ? { coverYear: r.cover_year, coverMonth: r.cover_month } : {}),
      publishedOn: r.published_on,
    },
    force: true,
  });
}

/** Adds what the command did to the error's message, so it tells the whole truth (issue 12). */
function tellOutcome(e: DistrettiError, outcome: string, context: Record<string, unknown>): void {
  e.message = `${e.message} ${outcome}`;
  Object.assign(e.context, context);
}

/**
 * A document we could not read still gets a release row marked quarantined, pointing at the raw
 * bytes, so operators see it in `distretti releases` and can re-parse it later without
 * refetching. With no listing metadata its cover month is unknown (an unidentified release).
 * Returns the release id.
 */
async function quarantineUnparsed(
  deps: PipelineDeps,
  input: { sha256: string; url: string | null; source: string; hint: ReleaseHint },
  error: Record<string, unknown>,
): Promise<number> {
  const { hint } = input;
  if (hint.coverYear === undefined || hint.coverMonth === undefined) {
    const id = await insertUnidentifiedRelease(deps.db, {
      source: input.source,
      series: hint.series,
      region: hint.region,
      title: hint.title ?? hint.series,
      url: input.url,
      documentSha256: input.sha256,
      detail: error,
    });
    deps.log.warn({ releaseId: id, documentSha256: input.sha256, code: error.code }, 'unreadable document quarantined as an unidentified release');
    return id;
  }
  const id = await upsertReleaseStub(deps.db, {
    source: input.source,
    series: hint.series,
    region: hint.region,
    title: hint.title ?? hint.series,
    coverYear: hint.coverYear,
    coverMonth: hint.coverMonth,
    url: input.url,
    publishedOn: hint.publishedOn ?? null,
    documentSha256: input.sha256,
  });
  await setReleaseStatus(deps.db, id, 'quarantined', error);
  deps.log.warn({ releaseId: id, code: error.code }, 'release quarantined: document could not be read as a known layout');
  return id;
}
