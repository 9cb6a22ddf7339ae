import type { Enqueuer } from '../jobs/enqueue.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { reparseRelease } from '../pipeline/ingest.ts';

/** What operators can start from the web. */
export interface OperatorActions {
  /** Re-parses a release from its stored bytes: a job when there are workers, else here and now. */
  reparse(releaseId: number): Promise<{ jobId: string | null; status: string | null }>;
}

export function createOperatorActions(deps: { pipeline?: PipelineDeps | undefined; enqueuer?: Enqueuer | undefined }): OperatorActions {
  return {
    async reparse(releaseId) {
      if (deps.enqueuer) return { jobId: await deps.enqueuer.add('reparse-release', { releaseId }), status: null };
      if (!deps.pipeline) throw new Error('operator actions need either a queue or the pipeline dependencies');
      const out = await reparseRelease(deps.pipeline, releaseId);
      return { jobId: null, status: out.status };
    },
  };
}
