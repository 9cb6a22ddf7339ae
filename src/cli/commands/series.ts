import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { latestSeries, seriesAsOf, revisionHistory } from '../../../db/queries/series.ts';
import { isMetric, METRICS, type Metric } from '../../domain/metric.ts';
import { toCsv } from '../../lib/csv.ts';
import { NotRetryableError } from '../../errors/distretti-error.ts';

/** `--as-of` takes a release id (digits) or an ISO date. */
export function parseAsOf(v: string | undefined): { asOfReleaseId?: number; asOfDate?: string } {
  if (v === undefined) return {};
  if (/^\d+$/.test(v)) return { asOfReleaseId: Number(v) };
  if (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))) return { asOfDate: v };
  throw new NotRetryableError('CLI_BAD_AS_OF', `--as-of must be a release id (see \`distretti releases\`) or a date YYYY-MM-DD, not "${v}"`);
}

function parseMetric(v: string | undefined): Metric | undefined {
  if (v === undefined) return undefined;
  if (!isMetric(v)) throw new NotRetryableError('CLI_BAD_METRIC', `--metric must be one of ${METRICS.join(', ')}, not "${v}"`);
  return v;
}

function parseFormat(v: string): 'csv' | 'json' {
  if (v !== 'csv' && v !== 'json') throw new NotRetryableError('CLI_BAD_FORMAT', `--format must be csv or json, not "${v}"`);
  return v;
}

export function registerSeries(program: Command, ctx: CliContext): void {
  program
    .command('series')
    .description('Print an entity\'s figures: the latest vintage of each, or as known at a release or date. CSV: entity,period,metric,value,release')
    .requiredOption('--entity <name>', 'name, alias or slug')
    .option('--as-of <releaseOrDate>', 'a release id, or a date YYYY-MM-DD (releases published by then)')
    .option('--metric <metric>', `only one of ${METRICS.join(', ')}`)
    .option('--format <format>', 'csv or json', 'csv')
    .action(async (opts: { entity: string; asOf?: string; metric?: string; format: string }) => {
      const format = parseFormat(opts.format);
      const asOf = parseAsOf(opts.asOf);
      const metric = parseMetric(opts.metric);
      const rows = await ctx.withPipeline((deps) =>
        opts.asOf === undefined
          ? latestSeries(deps.db, { entity: opts.entity, metric })
          : seriesAsOf(deps.db, { entity: opts.entity, metric, ...asOf }),
      );
      if (format === 'json') ctx.out(JSON.stringify(rows, null, 2));
      else ctx.out(toCsv(['entity', 'period', 'metric', 'value', 'release'], rows.map((r) => [r.entity, r.period, r.metric, r.value, r.release])));
    });

  program
    .command('revisions')
    .description('Every vintage of one figure: how releases revised it. CSV: entity,period,metric,value,revision,release,release_cover,release_ref,data_cutoff')
    .requiredOption('--entity <name>', 'name, alias or slug')
    .requiredOption('--period <code>', 'YYYYQn, YYYY or YYYYMmm-mm')
    .option('--metric <metric>', 'which figure', 'exports_meur')
    .option('--format <format>', 'csv or json', 'csv')
    .action(async (opts: { entity: string; period: string; metric: string; format: string }) => {
      const format = parseFormat(opts.format);
      const metric = parseMetric(opts.metric)!;
      const rows = await ctx.withPipeline((deps) => revisionHistory(deps.db, { entity: opts.entity, period: opts.period, metric }));
      if (format === 'json') ctx.out(JSON.stringify(rows, null, 2));
      else
        ctx.out(
          toCsv(
            ['entity', 'period', 'metric', 'value', 'revision', 'release', 'release_cover', 'release_ref', 'data_cutoff'],
            rows.map((r) => [r.entity, r.period, r.metric, r.value, r.revision, r.release.id, r.release.cover, r.release.ref, r.release.dataCutoff]),
          ),
        );
    });
}
