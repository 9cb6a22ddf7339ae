import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../../../db/queries/metrics.ts';
import { createMetricsRegistry } from '../metrics.ts';
import type { RouteDeps } from '../server.ts';

const PROBE_TIMEOUT_MS = 2000;

/** Resolves to the probe's latency, or rejects after the timeout (a hung server is down). */
async function probe(fn: () => Promise<unknown>): Promise<{ ok: true; ms: number } | { ok: false; error: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (e) {
    // Only a short reason: driver messages can carry host names and user names.
    return { ok: false, error: e instanceof Error && e.message === 'timeout' ? 'timeout' : 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}

const check = {
  type: 'object',
  properties: { ok: { type: 'boolean' }, ms: { type: 'integer' }, error: { type: 'string' }, skipped: { type: 'string' } },
  required: ['ok'],
} as const;

export function registerHealthRoutes(app: FastifyInstance, d: RouteDeps): void {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        response: {
          200: { type: 'object', properties: { status: { type: 'string' }, database: check, redis: check }, required: ['status', 'database', 'redis'] },
          503: { type: 'object', properties: { status: { type: 'string' }, database: check, redis: check }, required: ['status', 'database', 'redis'] },
        },
      },
    },
    async (_req, reply) => {
      const [database, redis] = await Promise.all([
        probe(() => pingDatabase(d.db)),
        d.redis ? probe(() => d.redis!.ping()) : Promise.resolve({ ok: true as const, skipped: 'no REDIS_URL: jobs run in-process' }),
      ]);
      const ok = database.ok && redis.ok;
      return reply.code(ok ? 200 : 503).header('cache-control', 'no-store').send({ status: ok ? 'ok' : 'unavailable', database, redis });
    },
  );

  const registry = createMetricsRegistry({ db: d.db, queue: d.queue, now: d.now });
  app.get('/metrics', { config: { access: 'metrics' } }, async (_req, reply) =>
    reply.type(registry.contentType).header('cache-control', 'no-store').send(await registry.metrics()),
  );
}
