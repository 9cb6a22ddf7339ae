import { NotRetryableError, type ErrorContext } from '../../../errors/distretti-error.ts';

/**
 * A table row names an entity the region registry does not know (a new district, a renamed one, a
 * spelling we have not seen). Loading it under a guessed name would be wrong: add the spelling as an
 * alias (or the entity) to src/domain/registry, then re-parse the stored bytes.
 */
export class UnknownEntityError extends NotRetryableError {
  constructor(
    readonly rawLabel: string,
    readonly nearMatches: readonly string[],
    context: ErrorContext = {},
  ) {
    super(
      'EXTRACT_UNKNOWN_ENTITY',
      `row label "${rawLabel}" is not a known entity` +
        (nearMatches.length ? ` (near matches: ${nearMatches.map((n) => `"${n}"`).join(', ')})` : '') +
        '. Add it to the region registry as an alias or a new entity, then parse the document again.',
      { ...context, row: rawLabel, nearMatches },
    );
  }
}
