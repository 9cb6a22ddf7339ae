import type { JobContext } from '../job-context.ts';
import type { ParsedPayload } from '../payloads.ts';
import { reparseRelease } from '../../pipeline/ingest.ts';

/** `reparse-release` (`jobs reparse`): parse → validate → load again from the stored bytes. */
export async function handleReparseRelease(ctx: JobContext, data: ParsedPayload<'reparse-release'>) {
  return reparseRelease({ ...ctx.deps, log: ctx.deps.log.child({ releaseId: data.releaseId }) }, data.releaseId);
}
