import type { RunStatus, StageStatus } from '../../db/schema.ts';

const RELEASE_STAGES = new Set(['fetch', 'parse', 'load']);

/**
 * A finished run's outcome from its stages. A run that processed releases is judged by them:
 * `succeeded` when nothing failed, `failed` when no release got loaded and something failed
 * (re-rendering the briefs from older data is not the run's work), `partly-failed` otherwise.
 * A run without releases (a re-render) is judged by its stages; a failed discovery fails the run.
 * Undefined while a stage is still open (queued, running, retrying): the run goes on.
 */
export function runOutcome(
  stages: ReadonlyArray<{ stage: string; subject: string; status: StageStatus }>,
): Exclude<RunStatus, 'running'> | undefined {
  if (stages.some((s) => s.status === 'queued' || s.status === 'running' || s.status === 'retrying')) return undefined;
  if (!stages.some((s) => s.status === 'failed')) return 'succeeded';
  if (stages.some((s) => s.stage === 'discover' && s.status === 'failed')) return 'failed';
  const releases = stages.filter((s) => RELEASE_STAGES.has(s.stage));
  if (releases.length) {
    const loaded = releases.some((s) => s.stage === 'load' && s.status === 'succeeded');
    return loaded ? 'partly-failed' : 'failed';
  }
  return stages.some((s) => s.status === 'succeeded' && s.stage !== 'discover') ? 'partly-failed' : 'failed';
}
