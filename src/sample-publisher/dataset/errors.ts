import { NotRetryableError } from '../../errors/index.ts';

/**
 * The sample dataset is inconsistent or cannot be built: a published figure that cannot be
 * reproduced, a malformed data file, an unknown entity. Fix the data (or the documented
 * decision in facts.ts) and regenerate with `npm run sample:generate`.
 * Codes: DATASET_UNKNOWN_ENTITY, DATASET_KIND_MISMATCH, DATASET_BAD_NUMBER, DATASET_BAD_PERIOD,
 * DATASET_NOTE_ROW, DATASET_DUPLICATE_ROW, DATASET_INFEASIBLE, DATASET_FILE_MISSING, DATASET_BAD_FILE.
 */
export class DatasetError extends NotRetryableError {}
