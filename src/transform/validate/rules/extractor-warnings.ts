import type { Rule } from '../types.ts';

/**
 * The extractor's warnings (`prose-figure-mismatch`, `subtotal-includes-unlisted`,
 * `note-number-mismatch`; src/extract/pdf) as stored findings of severity `warning`: they do not stop
 * the load, but they travel with the release into `validation_findings`, where the release page and
 * `distretti releases` show them. Loading replaces a release's findings as a whole, so a reparse
 * replaces these too instead of adding to them. The rule id is the warning's own kind.
 */
export const extractorWarnings: Rule = {
  id: 'extractor-warnings',
  check(release) {
    return (release.warnings ?? []).map((w) => ({
      rule: w.kind,
      severity: 'warning' as const,
      sample: { entity: '', ...(w.page !== undefined ? { page: w.page } : {}), detail: w.message },
    }));
  },
};
