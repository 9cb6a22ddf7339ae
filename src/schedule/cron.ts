import type * as CronParser from 'cron-parser';
import { lazyRequire } from '../lib/lazy-require.ts';

/**
 * Loaded when a pattern is checked or expanded: configuration imports this module in every
 * command, and cron-parser with luxon is ~8 MB and tens of ms most commands never use.
 */
const cronParser = lazyRequire<typeof CronParser>('cron-parser');

/**
 * Cron and time-zone checks for configuration, and the occurrences the scheduler needs.
 * `cron-parser` is the parser BullMQ itself uses for job schedulers, so a pattern it
 * accepts here is one the queue accepts; zones are checked with `Intl` (cron-parser
 * silently falls back to UTC on an unknown zone).
 */

/** Why a time zone is not usable, or undefined when it is an IANA zone this runtime knows. */
export function timeZoneProblem(tz: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return undefined;
  } catch {
    return `unknown time zone "${tz}" (an IANA name such as Europe/Rome)`;
  }
}

/** Why a cron pattern is not usable, or undefined. */
export function cronProblem(pattern: string): string | undefined {
  try {
    cronParser().CronExpressionParser.parse(pattern);
    return undefined;
  } catch (e) {
    return `invalid cron pattern "${pattern}": ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The first occurrence strictly after `after`. */
export function nextOccurrence(pattern: string, tz: string, after: Date): Date {
  return cronParser().CronExpressionParser.parse(pattern, { tz, currentDate: after }).next().toDate();
}

/** Occurrences in (`after`, `until`], oldest first, at most `limit`. */
export function occurrencesBetween(pattern: string, tz: string, after: Date, until: Date, limit = 1000): Date[] {
  const it = cronParser().CronExpressionParser.parse(pattern, { tz, currentDate: after, endDate: until });
  const out: Date[] = [];
  while (out.length < limit && it.hasNext()) out.push(it.next().toDate());
  return out;
}
