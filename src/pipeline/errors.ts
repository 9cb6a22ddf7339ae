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
