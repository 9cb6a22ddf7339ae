import type { Kysely } from 'kysely';
import type { Database, PipelineRun } from '../../db/schema.ts';
import { runById } from '../../db/queries/runs.ts';

/** Polls the run row until it is no longer `running` (the queue path ends runs asynchronously). */
export async function waitForRun(db: Kysely<Database>, runId: string, timeoutMs = 180_000): Promise<PipelineRun> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = await runById(db, runId);
    if (run && run.status !== 'running') return run;
    if (Date.now() > until) throw new Error(`run ${runId} still ${run?.status ?? 'missing'} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
