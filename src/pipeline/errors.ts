import { NotRetryableError } from '../errors/distretti-error.ts';

/** Validation found errors: the release is stored as quarantined and nothing of it is loaded. */
export class ReleaseQuarantinedError extends NotRetryableError {
  constructor(releaseId: number, url: string | null, rules: string[]) {
    super(
      'RELEASE_QUARANTINED',
      `release ${releaseId}${url ? ` (${url})` : ''} failed validation (${rules.join(', ')}); ` +
        'it is quarantined and none of its figures were loaded. Inspect with `distretti lineage --release ' +
        `${releaseId}\` or the validation_findings table, fix the extractor or the rule, then ` +
        `\`distretti reparse --release ${releaseId}\` (no refetch needed).`,
      { releaseId, url: url ?? undefined, rules },
    );
  }
}

/** A release id given by an operator does not exist or has no stored document. */
export class ReleaseNotFoundError extends NotRetryableError {
  constructor(releaseId: number, why: string) {
    super('RELEASE_NOT_FOUND', `release ${releaseId}: ${why}. List releases with \`distretti releases\`.`, { releaseId });
  }
}

/** No data to brief on for that entity/period. */
export class NoDataForBriefError extends NotRetryableError {
  constructor(entity: string, period?: string) {
    super(
      'BRIEF_NO_DATA',
      `no loaded figures for "${entity}"${period ? ` in ${period}` : ''}: run \`distretti run\` (or ingest a release) first.`,
      { entity, period },
    );
  }
}

/** `rerun --from load` on a document whose parse result was never kept. */
export class ParsedResultMissingError extends NotRetryableError {
  constructor(sha256: string, url: string | null) {
    super(
      'PARSED_RESULT_MISSING',
      `no kept parse result for document ${sha256.slice(0, 12)}${url ? ` (${url})` : ''}: re-run from parse ` +
        '(`distretti rerun --release ID --from parse`).',
      { documentSha256: sha256, url: url ?? undefined },
    );
  }
}

/** An operator asked for something about a run that does not exist. */
export class RunNotFoundError extends NotRetryableError {
  constructor(runId: string) {
    super('RUN_NOT_FOUND', `run ${runId} does not exist. List runs with \`distretti runs list\`.`, { runId });
  }
}
