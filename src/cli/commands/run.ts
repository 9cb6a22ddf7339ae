import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { runPipeline, type RunSummary } from '../../pipeline/run.ts';
import { resolveEntityArg } from '../entity-arg.ts';
import { startSamplePublisher } from '../../sample-publisher/index.ts';
import { connectRedis } from '../../jobs/connection.ts';
import { createEnqueuer } from '../../jobs/enqueue.ts';
import { FatalError } from '../../errors/distretti-error.ts';

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
    .option('--enqueue', 'do not run here: add a `run` job for the workers (needs REDIS_URL)')
    .action(async (opts: { sample?: boolean; asOf?: string; entity: string; enqueue?: boolean }) => {
      const entity = resolveEntityArg(opts.entity);
      if (opts.enqueue) {
        const config = ctx.config();
        if (!config.redisUrl) throw new FatalError('CONFIG_NO_REDIS', '--enqueue needs REDIS_URL: set it, or run without --enqueue to run in-process.');
        const conn = await connectRedis(config.redisUrl);
        const enq = createEnqueuer(conn, config.queuePrefix);
        try {
          const id = await enq.add('run', { trigger: 'operator' });
          ctx.out(`enqueued run job ${id}`);
        } finally {
          await enq.close();
          conn.disconnect();
        }
        return;
      }
      const publisher = opts.sample ? await startSamplePublisher({ port: 0, asOf: opts.asOf, log: ctx.log() }) : undefined;
      try {
        const summary = await ctx.withPipeline(
          (deps) => runPipeline(deps, { trigger: 'cli', entitySlug: entity.slug }),
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
        ctx.out(formatSummary(summary));
        if (summary.failed.length) process.exitCode = 3;
      } finally {
        await publisher?.close();
      }
    });
}

function formatSummary(s: RunSummary): string {
  const lines = [
    `run ${s.runId}: ${s.listed} releases listed, ${s.ingested.filter((i) => i.status === 'loaded').length} loaded, ` +
      `${s.ingested.filter((i) => i.status === 'unchanged').length} unchanged, ${s.failed.length} failed`,
  ];
  for (const l of s.late) lines.push(`  late: the ${l.refQuarter} note of ${l.series} (expected before ${l.lateSince}) is not out yet`);
  for (const f of s.failed) lines.push(`  failed: ${f.url}\n    ${f.code}: ${f.message.split('\n')[0]}`);
  lines.push(s.briefsSkipped ? `briefs: none — ${s.briefsSkipped}` : 'briefs:');
  for (const b of s.briefs) lines.push(`  ${b.lang}  ${b.path}${b.reused ? '  (unchanged, reused)' : ''}`);
  return lines.join('\n');
}
