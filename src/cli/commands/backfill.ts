import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { NotRetryableError } from '../../errors/distretti-error.ts';
import { planFromListing, REPROCESS_MODES, type Selection } from '../../pipeline/plan.ts';
import { resolveEntityArg } from '../entity-arg.ts';
import { describeDispatch, dispatchRun } from '../queue-or-here.ts';
import { formatPlan, planJson } from '../run-format.ts';

const QUARTER = /^\d{4}Q[1-4]$/;

export function registerBackfill(program: Command, ctx: CliContext): void {
  program
    .command('backfill')
    .description(
      'Process the listed releases whose reference quarter is in a range: missing (never processed), failed (quarantined or failed, re-processed) or all. ' +
        '--dry-run prints the plan and changes nothing. Queued for the workers when REDIS_URL is set, else run here.',
    )
    .requiredOption('--from <quarter>', 'first reference quarter, e.g. 2018Q1')
    .requiredOption('--to <quarter>', 'last reference quarter, e.g. 2025Q2')
    .option('--reprocess <mode>', `which releases: ${REPROCESS_MODES.join(', ')}`, 'missing')
    .option('--dry-run', 'print what would be processed and stop')
    .option('--format <format>', 'with --dry-run: table or json', 'table')
    .option('--entity <name>', 'subject of the briefs rendered at the end', 'biomedicale-mirandola')
    .option('--in-process', 'run here even when REDIS_URL is set')
    .action(async (opts: { from: string; to: string; reprocess: string; dryRun?: boolean; format: string; entity: string; inProcess?: boolean }) => {
      for (const [flag, v] of [['--from', opts.from], ['--to', opts.to]] as const) {
        if (!QUARTER.test(v)) throw new NotRetryableError('CLI_USAGE', `${flag} must be a quarter like 2018Q1 (got "${v}")`);
      }
      if (opts.from > opts.to) throw new NotRetryableError('CLI_USAGE', `--from ${opts.from} is after --to ${opts.to}`);
      if (!(REPROCESS_MODES as readonly string[]).includes(opts.reprocess)) {
        throw new NotRetryableError('CLI_USAGE', `--reprocess must be one of ${REPROCESS_MODES.join(', ')}`);
      }
      const entity = resolveEntityArg(opts.entity);
      const planOpts = { selection: opts.reprocess as Selection, fromQuarter: opts.from, toQuarter: opts.to, entitySlug: entity.slug };
      if (opts.dryRun) {
        const plan = await ctx.withPipeline((deps) => planFromListing(deps, planOpts));
        ctx.out(
          opts.format === 'json'
            ? plan.releases.map((p) => JSON.stringify(planJson(p))).join('\n')
            : formatPlan(plan, `backfill ${opts.from}..${opts.to}, reprocess ${opts.reprocess} (dry run):`),
        );
        return;
      }
      const d = await ctx.withPipeline((deps) => dispatchRun(ctx, deps, { trigger: 'backfill', ...planOpts }, { inProcess: opts.inProcess, kind: 'backfill' }));
      ctx.out(describeDispatch(d));
      if (!d.queued && d.summary.status !== 'succeeded') process.exitCode = 3;
    });
}
