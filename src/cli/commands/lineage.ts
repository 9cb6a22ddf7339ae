import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { briefLineage, figureLineage, type FigureLineage } from '../../../db/queries/lineage.ts';
import { isMetric, METRICS } from '../../domain/metric.ts';
import { NotRetryableError } from '../../errors/distretti-error.ts';

export function registerLineage(program: Command, ctx: CliContext): void {
  program
    .command('lineage')
    .description(
      'Where a figure came from (release, document hash, page, table, row, column, cell text) — or, with --brief, every figure a brief used. JSON.',
    )
    .option('--entity <name>', 'name, alias or slug')
    .option('--period <code>', 'YYYYQn, YYYY or YYYYMmm-mm')
    .option('--metric <metric>', `one of ${METRICS.join(', ')}`, 'exports_meur')
    .option('--release <id>', 'that vintage instead of the latest', (v) => Number.parseInt(v, 10))
    .option('--brief <id>', 'a brief id: list every figure it used', (v) => Number.parseInt(v, 10))
    .action(async (opts: { entity?: string; period?: string; metric: string; release?: number; brief?: number }) => {
      if (opts.brief !== undefined) {
        const rows = await ctx.withPipeline((deps) => briefLineage(deps.db, opts.brief!));
        if (!rows.length) throw new NotRetryableError('LINEAGE_NOT_FOUND', `brief ${opts.brief} does not exist or used no figures`);
        ctx.out(JSON.stringify(rows, null, 2));
        return;
      }
      if (!opts.entity || !opts.period) throw new NotRetryableError('CLI_USAGE', 'give --entity and --period (and optionally --metric, --release), or --brief ID');
      if (!isMetric(opts.metric)) throw new NotRetryableError('CLI_BAD_METRIC', `--metric must be one of ${METRICS.join(', ')}`);
      const metric = opts.metric;
      const row: FigureLineage | undefined = await ctx.withPipeline((deps) =>
        figureLineage(deps.db, { entity: opts.entity!, period: opts.period!, metric, releaseId: opts.release }),
      );
      if (!row) {
        throw new NotRetryableError(
          'LINEAGE_NOT_FOUND',
          `no ${metric} for ${opts.entity} in ${opts.period}${opts.release !== undefined ? ` in release ${opts.release}` : ''} has been loaded`,
        );
      }
      ctx.out(JSON.stringify(row, null, 2));
    });
}
