import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import type { RunSummary } from '../../pipeline/run.ts';
import { resolveEntityArg } from '../entity-arg.ts';
import type { SamplePublisher } from '../../sample-publisher/index.ts';
import { FatalError, NotRetryableError } from '../../errors/distretti-error.ts';
import { createProgress } from '../progress.ts';

/**
 * The bundled publisher runs on this machine, so `run --sample` asks it to declare a short
 * robots.txt Crawl-delay (the standalone `sample-publisher` keeps 1 s). Our own rate is set
 * above 1 / delay so that the Crawl-delay, read through the same politeness path as a real
 * publisher's, is what paces the run (issue 13: a first run was 93% waiting).
 */
export const SAMPLE_RUN_CRAWL_DELAY_SECONDS = 0.1;
const SAMPLE_RATE_PER_SECOND = 20;

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description(
      'The main job: discover releases on the publisher, ingest what is new, render the latest briefs (Italian and English) and print where they are.',
    )
    .option('--sample', 'start the bundled sample publisher and read it instead of the configured source')
    .option('--as-of <date>', 'with --sample: the sample publisher\'s clock (YYYY-MM-DD); releases after it are not yet published')
    .option('--entity <name>', 'subject of the briefs (name, alias or slug)', 'biomedicale-mirandola')
    .option('--full-walk', 'read every listing page (by default the walk stops at pages of releases already loaded)')
    .option('--enqueue', 'do not run here: queue the run for the workers (needs REDIS_URL); prints the run id')
    .action(async (opts: { sample?: boolean; asOf?: string; entity: string; enqueue?: boolean; fullWalk?: boolean }) => {
      const entity = resolveEntityArg(opts.entity);
      if (opts.enqueue) {
        if (!ctx.config().redisUrl) throw new FatalError('CONFIG_NO_REDIS', '--enqueue needs REDIS_URL: set it, or run without --enqueue to run in-process.');
        // The workers cannot reach a publisher started by this process.
        if (opts.sample) throw new NotRetryableError('CLI_USAGE', '--sample runs here only: drop --enqueue, or point the workers at a publisher with DISTRETTI_SOURCE/DISTRETTI_SOURCE_BASE_URL.');
        const { describeDispatch, dispatchRun } = await import('../queue-or-here.ts');
        const d = await ctx.withPipeline((deps) =>
          dispatchRun(ctx, deps, { trigger: 'manual', entitySlug: entity.slug, ...(opts.fullWalk ? { fullWalk: true } : {}) }, { kind: 'run' }),
        );
        ctx.out(describeDispatch(d));
        return;
      }
      const summary = await runInProcess(ctx, { sample: opts.sample === true, asOf: opts.asOf, entitySlug: entity.slug, fullWalk: opts.fullWalk === true });
      ctx.out(formatSummary(summary));
      if (summary.failed.length) process.exitCode = 3;
    });
}

export interface InProcessRunOptions {
  /** Start the bundled sample publisher and read it instead of the configured source. */
  readonly sample: boolean;
  /** The sample publisher's clock. */
  readonly asOf?: string | undefined;
  readonly entitySlug: string;
  readonly fullWalk: boolean;
  /** The sample publisher's Crawl-delay. @defaultValue SAMPLE_RUN_CRAWL_DELAY_SECONDS */
  readonly crawlDelaySeconds?: number;
  /** Sees the sample publisher once it listens (tests read its request log). */
  readonly onSamplePublisher?: (publisher: SamplePublisher) => void;
}

/**
 * `distretti run` without `--enqueue`: the pipeline in this process, against the sample publisher
 * if asked. The database starts opening first (the embedded one on its own thread), and the
 * pipeline's modules load, the publisher starts and its robots.txt is read while it opens: a run
 * with nothing new is mostly that opening (issue 13).
 */
export async function runInProcess(ctx: CliContext, o: InProcessRunOptions, env: NodeJS.ProcessEnv = process.env): Promise<RunSummary> {
  const database = ctx.openDatabase();
  let publisher: SamplePublisher | undefined;
  let runPipeline: typeof import('../../pipeline/run.ts').runPipeline;
  try {
    if (o.sample) {
      const { startSamplePublisher } = await import('../../sample-publisher/index.ts');
      publisher = await startSamplePublisher({ port: 0, asOf: o.asOf, crawlDelaySeconds: o.crawlDelaySeconds ?? SAMPLE_RUN_CRAWL_DELAY_SECONDS, log: ctx.log() });
    }
    ({ runPipeline } = await import('../../pipeline/run.ts'));
  } catch (e) {
    await publisher?.close();
    await database.then((d) => d.close(), () => {});
    throw e;
  }
  const progress = createProgress();
  try {
    if (publisher) o.onSamplePublisher?.(publisher);
    return await ctx.withPipeline(
      (deps) =>
        runPipeline(deps, {
          trigger: 'manual',
          entitySlug: o.entitySlug,
          fullWalk: o.fullWalk,
          onProgress: (done, total, label) => progress.update(done, total, label),
        }),
      {
        database,
        prefetchRobots: true,
        ...(publisher
          ? {
              source: 'sample',
              sourceBaseUrl: publisher.url,
              // Its robots.txt Crawl-delay is the pacing, unless DISTRETTI_HTTP_RATE says otherwise.
              ...(env.DISTRETTI_HTTP_RATE ? {} : { configOverrides: { httpRatePerSecond: SAMPLE_RATE_PER_SECOND } }),
            }
          : {}),
      },
    );
  } finally {
    progress.done();
    await publisher?.close();
  }
}

function formatSummary(s: RunSummary): string {
  const lines = [
    `run ${s.runId} ${s.status}: ${s.listed} releases listed${s.listingComplete === false ? ' (listing read up to known releases; --full-walk reads every page)' : ''}, ` +
      `${s.ingested.filter((i) => i.status === 'loaded').length} loaded, ` +
      `${s.ingested.filter((i) => i.status === 'unchanged').length} unchanged, ${s.failed.length} failed`,
  ];
  for (const l of s.late) lines.push(`  late: the ${l.refQuarter} note of ${l.series} (expected before ${l.lateSince}) is not out yet`);
  for (const f of s.failed) lines.push(`  failed at ${f.stage}: ${f.url ?? f.subject}\n    ${f.code}: ${f.message.split('\n')[0]}`);
  lines.push(s.briefsSkipped ? `briefs: none — ${s.briefsSkipped}` : 'briefs:');
  for (const b of s.briefs) lines.push(`  ${b.lang}  ${b.path}${b.reused ? '  (unchanged, reused)' : ''}`);
  lines.push(`details: distretti runs show ${s.runId}`);
  return lines.join('\n');
}
