import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { runPipeline, type RunSummary } from '../../pipeline/run.ts';
import { resolveEntityArg } from '../entity-arg.ts';
import { startSamplePublisher } from '../../sample-publisher/index.ts';
import { FatalError, NotRetryableError } from '../../errors/distretti-error.ts';
import { describeDispatch, dispatchRun } from '../queue-or-here.ts';
import { createProgress } from '../progress.ts';

/** Requests per second against the bundled sample publisher (its Crawl-delay still applies). */
const SAMPLE_RATE_PER_SECOND = 5;

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description(
      'The main job: discover releases on the publisher, ingest what is new, render the latest briefs (Italian and English) and print where they are.',
    )
    .option('--sample', 'start the bundled sample publisher and read it instead of the configured source')
    .option('--as-of <date>', 'with --sample: the sample publisher\'s clock (YYYY-MM-DD); releases after it are not yet published')
    .option('--entity <name>', 'subject of the briefs (name, alias or slug)', 'biomedicale-mirandola')
    .option('--enqueue', 'do not run here: queue the run for the workers (needs REDIS_URL); prints the run id')
    .action(async (opts: { sample?: boolean; asOf?: string; entity: string; enqueue?: boolean }) => {
      const entity = resolveEntityArg(opts.entity);
      if (opts.enqueue) {
        if (!ctx.config().redisUrl) throw new FatalError('CONFIG_NO_REDIS', '--enqueue needs REDIS_URL: set it, or run without --enqueue to run in-process.');
        // The workers cannot reach a publisher started by this process.
        if (opts.sample) throw new NotRetryableError('CLI_USAGE', '--sample runs here only: drop --enqueue, or point the workers at a publisher with DISTRETTI_SOURCE/DISTRETTI_SOURCE_BASE_URL.');
        const d = await ctx.withPipeline((deps) => dispatchRun(ctx, deps, { trigger: 'manual', entitySlug: entity.slug }, { kind: 'run' }));
        ctx.out(describeDispatch(d));
        return;
      }
      const publisher = opts.sample ? await startSamplePublisher({ port: 0, asOf: opts.asOf, log: ctx.log() }) : undefined;
      const progress = createProgress();
      try {
        const summary = await ctx.withPipeline(
          (deps) => runPipeline(deps, { trigger: 'manual', entitySlug: entity.slug, onProgress: (d, t, l) => progress.update(d, t, l) }),
          publisher
            ? {
                source: 'sample',
                sourceBaseUrl: publisher.url,
                // The bundled publisher runs on this machine: its robots.txt Crawl-delay (1 s)
                // is the only pacing it needs, unless DISTRETTI_HTTP_RATE says otherwise.
                ...(process.env.DISTRETTI_HTTP_RATE ? {} : { configOverrides: { httpRatePerSecond: SAMPLE_RATE_PER_SECOND } }),
              }
            : {},
        );
        progress.done();
        ctx.out(formatSummary(summary));
        if (summary.failed.length) process.exitCode = 3;
      } finally {
        progress.done();
        await publisher?.close();
      }
    });
}

function formatSummary(s: RunSummary): string {
  const lines = [
    `run ${s.runId} ${s.status}: ${s.listed} releases listed, ${s.ingested.filter((i) => i.status === 'loaded').length} loaded, ` +
      `${s.ingested.filter((i) => i.status === 'unchanged').length} unchanged, ${s.failed.length} failed`,
  ];
  for (const l of s.late) lines.push(`  late: the ${l.refQuarter} note of ${l.series} (expected before ${l.lateSince}) is not out yet`);
  for (const f of s.failed) lines.push(`  failed at ${f.stage}: ${f.url ?? f.subject}\n    ${f.code}: ${f.message.split('\n')[0]}`);
  lines.push(s.briefsSkipped ? `briefs: none — ${s.briefsSkipped}` : 'briefs:');
  for (const b of s.briefs) lines.push(`  ${b.lang}  ${b.path}${b.reused ? '  (unchanged, reused)' : ''}`);
  lines.push(`details: distretti runs show ${s.runId}`);
  return lines.join('\n');
}
