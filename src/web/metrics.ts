import { Gauge, Registry } from 'prom-client';
import type { Queue } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { databaseMetrics } from '../../db/queries/metrics.ts';
import { findLateReleases } from '../pipeline/lateness.ts';

const JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;

/**
 * The `/metrics` registry: every gauge is read at scrape time from the database and the
 * queue (the web process has no job counters of its own). A registry per server, never
 * prom-client's global one, so tests and several servers in one process do not collide.
 */
export function createMetricsRegistry(deps: { db: Kysely<Database>; queue?: Queue | null | undefined; now: () => Date }): Registry {
  const registry = new Registry();
  const db = () => databaseMetrics(deps.db);
  let snapshot: Promise<Awaited<ReturnType<typeof db>>> | null = null;
  // One database read per scrape, shared by the gauges below.
  const read = () => (snapshot ??= db().finally(() => setTimeout(() => (snapshot = null), 0)));

  new Gauge({
    name: 'distretti_jobs',
    help: 'BullMQ jobs by queue and state (absent when the web runs without Redis).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      if (!deps.queue) return;
      const counts = await deps.queue.getJobCounts(...JOB_STATES);
      for (const s of JOB_STATES) this.set({ queue: deps.queue.name, state: s }, counts[s] ?? 0);
    },
  });
  new Gauge({
    name: 'distretti_run_last_duration_seconds',
    help: 'Duration of the last successful pipeline run, by kind (run, backfill, rerun).',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await read()).lastSuccessByKind) this.set({ kind: r.kind }, r.durationSeconds);
    },
  });
  new Gauge({
    name: 'distretti_run_last_success_timestamp_seconds',
    help: 'When the last successful pipeline run of each kind finished (Unix time).',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await read()).lastSuccessByKind) this.set({ kind: r.kind }, r.at.getTime() / 1000);
    },
  });
  // A slow stage hides inside a run's total: parse growing with a new layout, fetch with a slow site.
  new Gauge({
    name: 'distretti_stage_last_run_seconds',
    help: 'Time spent in each stage (discover, fetch, parse, load, render) by the latest successful run that ran it, summed over its releases.',
    labelNames: ['stage'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await read()).lastRunByStage) this.set({ stage: r.stage }, r.seconds);
    },
  });
  new Gauge({
    name: 'distretti_stage_last_run_count',
    help: 'How many times each stage ran (one per release, or per listing / brief set) in the latest successful run that ran it.',
    labelNames: ['stage'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await read()).lastRunByStage) this.set({ stage: r.stage }, r.count);
    },
  });
  new Gauge({
    name: 'distretti_series_last_loaded_timestamp_seconds',
    help: 'When a release of each series was last loaded successfully (Unix time).',
    labelNames: ['series', 'region'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await read()).lastLoadedBySeries) this.set({ series: r.series, region: r.region }, r.at.getTime() / 1000);
    },
  });
  new Gauge({
    name: 'distretti_releases',
    help: 'Releases by status (quarantined ones need an operator).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      const by = new Map((await read()).releasesByStatus.map((r) => [r.status, r.count]));
      for (const s of ['discovered', 'fetched', 'parsed', 'loaded', 'quarantined', 'failed']) this.set({ status: s }, by.get(s) ?? 0);
    },
  });
  new Gauge({
    name: 'distretti_releases_late',
    help: 'Expected notes past their usual publication window and not loaded, by series.',
    labelNames: ['series', 'region'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const l of await findLateReleases({ db: deps.db, now: deps.now })) this.set({ series: l.series, region: l.region }, 1);
    },
  });
  new Gauge({
    name: 'distretti_briefs_rendered',
    help: 'Briefs rendered and stored, by language.',
    labelNames: ['lang'],
    registers: [registry],
    async collect() {
      this.reset();
      const by = new Map((await read()).briefsByLang.map((r) => [r.lang, r.count]));
      for (const l of ['it', 'en']) this.set({ lang: l }, by.get(l) ?? 0);
    },
  });
  return registry;
}
