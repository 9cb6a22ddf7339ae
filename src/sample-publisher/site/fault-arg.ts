import { FAULT_KINDS, validateFault, type Fault, type FaultKind } from './faults.ts';
import { SamplePublisherOptionsError } from './errors.ts';

/** Defaults for the faults that take numbers: a 503 with Retry-After 120 s, three times; answers 5 s late. */
const DEFAULTS = { unavailable: { retryAfterSeconds: 120, requests: 3 }, slow: { delayMs: 5000 } } as const;

/**
 * `--fault MODE[:PATH_PART]` → a fault: `unavailable:ottobre 2018` answers 503 (Retry-After 120)
 * to the next three requests whose path contains "ottobre 2018". The site's own validation applies.
 */
export function parseFaultArg(arg: string): Fault {
  const i = arg.indexOf(':');
  const kind = (i < 0 ? arg : arg.slice(0, i)) as FaultKind;
  const pathContains = i < 0 ? undefined : arg.slice(i + 1);
  if (!FAULT_KINDS.includes(kind)) throw new SamplePublisherOptionsError('--fault', kind, `one of ${FAULT_KINDS.join(', ')}, optionally followed by :PATH_PART`);
  const extra = kind === 'unavailable' ? DEFAULTS.unavailable : kind === 'slow' ? DEFAULTS.slow : {};
  return validateFault({ kind, ...extra, ...(pathContains ? { pathContains } : {}) } as Fault);
}
