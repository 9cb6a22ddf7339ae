import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Queue } from 'bullmq';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../log.ts';
import { assembleBriefData, briefInputsHash, findBriefByInputsHash, getOrRenderBrief } from '../report/index.ts';
import type { Enqueuer } from '../jobs/enqueue.ts';
import type { BriefOutcome } from '../pipeline/briefs.ts';
import { isDistrettiError } from '../errors/distretti-error.ts';
import { briefBytes } from '../../db/queries/web.ts';

/** What an analyst asks for. */
export interface BriefRequestInput {
  readonly entitySlug: string;
  readonly year: number;
  readonly quarter: number;
  readonly lang: 'it' | 'en';
}

export type BriefRequestState =
  | { readonly id: string; readonly state: 'ready'; readonly briefId: number; readonly reused: boolean }
  | { readonly id: string; readonly state: 'queued' | 'rendering' }
  | { readonly id: string; readonly state: 'failed'; readonly code: string; readonly message: string };

/**
 * Briefs on request (issue 11, item 3), behind one interface so the shell does not care
 * how a brief gets rendered: `request` answers `ready` at once when a brief with the same
 * inputs is stored, else starts a render and returns an id that `status` follows.
 */
export interface BriefRequester {
  request(input: BriefRequestInput): Promise<BriefRequestState>;
  status(id: string): Promise<BriefRequestState | undefined>;
}

/** Request ids: `b-<brief id>` (served at once), `q-<BullMQ job id>` or `p-<uuid>` (in-process). */
export const REQUEST_ID_RE = /^(b-[1-9][0-9]{0,9}|q-[1-9][0-9]{0,11}|p-[0-9a-f-]{36})$/;

export interface BriefRequesterDeps {
  readonly db: Kysely<Database>;
  readonly log: Logger;
  readonly codeVersion: string;
  /** With Redis: the queue the workers consume. Without: briefs render in this process. */
  readonly enqueuer?: Enqueuer | undefined;
}

export function createBriefRequester(deps: BriefRequesterDeps): BriefRequester {
  const render = deps.enqueuer ? queued(deps, deps.enqueuer) : inProcess(deps);
  return {
    async request(input) {
      // Same inputs as a stored brief (data, language, code and layout version): serve it.
      const data = await assembleBriefData(deps.db, input);
      const stored = await findBriefByInputsHash(deps.db, briefInputsHash(data, input.lang, deps.codeVersion));
      if (stored) return { id: `b-${stored.id}`, state: 'ready', briefId: stored.id, reused: true };
      return render.start(input);
    },
    async status(id) {
      if (id.startsWith('b-')) {
        const briefId = Number(id.slice(2));
        return (await briefBytes(deps.db, briefId)) ? { id, state: 'ready', briefId, reused: true } : undefined;
      }
      return render.status(id);
    },
  };
}

interface Renderer {
  start(input: BriefRequestInput): Promise<BriefRequestState>;
  status(id: string): Promise<BriefRequestState | undefined>;
}

/** The `render-brief` job: a worker renders, its return value names the brief. */
function queued(deps: BriefRequesterDeps, enqueuer: Enqueuer): Renderer {
  const queue: Queue = enqueuer.queue;
  return {
    async start(input) {
      const jobId = await enqueuer.add('render-brief', {
        requestId: `web-${randomUUID()}`,
        entitySlug: input.entitySlug,
        year: input.year,
        quarter: input.quarter,
        lang: input.lang,
      });
      deps.log.info({ jobId, ...input }, 'brief requested from the web: queued');
      return { id: `q-${jobId}`, state: 'queued' };
    },
    async status(id) {
      if (!id.startsWith('q-')) return undefined;
      const job = await queue.getJob(id.slice(2));
      if (!job || job.name !== 'render-brief') return undefined;
      const state = await job.getState();
      if (state === 'completed') {
        const out = (job.returnvalue ?? []) as BriefOutcome[];
        const first = out[0];
        if (!first) return { id, state: 'failed', code: 'WEB_BRIEF_MISSING', message: 'the job finished without a brief' };
        return { id, state: 'ready', briefId: first.briefId, reused: first.reused };
      }
      if (state === 'failed') {
        const reason = job.failedReason ?? 'unknown failure';
        const m = /^([A-Z][A-Z0-9_]+): (.*)$/s.exec(reason);
        return { id, state: 'failed', code: m?.[1] ?? 'JOB_FAILED', message: m?.[2] ?? reason };
      }
      return { id, state: state === 'active' ? 'rendering' : 'queued' };
    },
  };
}

/** No Redis: render here, off the request, and remember the outcome for a while. */
function inProcess(deps: BriefRequesterDeps): Renderer {
  const states = new Map<string, BriefRequestState>();
  const remember = (s: BriefRequestState) => {
    states.set(s.id, s);
    if (states.size > 1000) states.delete(states.keys().next().value!);
  };
  return {
    async start(input) {
      const id = `p-${randomUUID()}`;
      remember({ id, state: 'rendering' });
      setImmediate(() => {
        getOrRenderBrief(deps.db, { ...input, runId: `web-${id.slice(2)}`, codeVersion: deps.codeVersion }).then(
          (b) => remember({ id, state: 'ready', briefId: b.briefId, reused: b.reused }),
          (e: unknown) => {
            deps.log.error({ err: e, requestId: id }, 'brief request failed');
            remember(
              isDistrettiError(e)
                ? { id, state: 'failed', code: e.code, message: e.message }
                : { id, state: 'failed', code: 'WEB_INTERNAL', message: 'rendering failed; operators can find the error in the log' },
            );
          },
        );
      });
      return { id, state: 'rendering' };
    },
    async status(id) {
      return states.get(id);
    },
  };
}
