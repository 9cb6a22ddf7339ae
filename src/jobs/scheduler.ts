import type { Queue } from 'bullmq';
import type { JobPayloads } from './payloads.ts';
import { DEFAULT_JOB_OPTIONS } from './retry-policy.ts';

export const DISCOVERY_SCHEDULER_ID = 'discovery';

/**
 * Registers (idempotently) the scheduled discovery run. BullMQ creates the next run
 * when the current one starts; runs missed while no worker was up are not caught up,
 * which is harmless here: the next run discovers everything still pending.
 */
export async function upsertDiscoverySchedule(queue: Queue, opts: { pattern: string; tz: string }): Promise<void> {
  const data: JobPayloads['run'] = { trigger: 'schedule' };
  await queue.upsertJobScheduler(
    DISCOVERY_SCHEDULER_ID,
    { pattern: opts.pattern, tz: opts.tz },
    { name: 'run', data, opts: DEFAULT_JOB_OPTIONS },
  );
}
