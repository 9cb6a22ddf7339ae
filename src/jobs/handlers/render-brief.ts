import type { JobContext } from '../job-context.ts';
import type { ParsedPayload } from '../payloads.ts';
import { renderBriefs } from '../../pipeline/briefs.ts';

/**
 * `render-brief`: one brief requested by an analyst (web form or `POST /api/briefs`). Not part of a
 * run: briefs are stored by their inputs' hash, so a repeat request reuses the stored one.
 */
export async function handleRenderBrief(ctx: JobContext, data: ParsedPayload<'render-brief'>) {
  const log = ctx.deps.log.child({ requestId: data.requestId, entity: data.entitySlug });
  // As for a run's render (render.ts): an idle parse thread is not held next to the render thread.
  await ctx.threads.releaseIdleParser();
  return renderBriefs({ ...ctx.deps, log }, {
    runId: data.requestId,
    entitySlug: data.entitySlug,
    year: data.year,
    quarter: data.quarter,
    langs: [data.lang],
  });
}
