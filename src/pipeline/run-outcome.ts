import type { RunStatus, StageStatus } from '../../db/schema.ts';

/**
 * A finished run's outcome from its stages: `succeeded` when nothing failed, `failed` when
 * something failed and nothing but discovery succeeded, `partly-failed` otherwise.
 * Undefined while a stage is still open (queued, running, retrying): the run goes on.
 */
export function runOutcome(stages: ReadonlyArray<{ stage: string; status: StageStatus }>): Exclude<RunStatus, 'running'> | undefined {
  if (stages.some((s) => s.status === 'queued' || s.status === 'running' || s.status === 'retrying')) return undefined;
  const failed = stages.filter((s) => s.status === 'failed');
  if (failed.length === 0) return 'succeeded';
  const didWork = stages.some((s) => s.status === 'succeeded' && s.stage !== 'discover');
  return didWork ? 'partly-failed' : 'failed';
}
