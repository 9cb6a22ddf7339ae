import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { NotRetryableError } from '../../errors/distretti-error.ts';
import { RERUN_STAGES, type RerunStage } from '../../pipeline/release-ref.ts';
import { resolveEntityArg } from '../entity-arg.ts';
import { describeDispatch, dispatchRun } from '../queue-or-here.ts';

export function registerRerun(program: Command, ctx: CliContext): void {
  program
    .command('rerun')
    .description(
      'Re-run one release from a stage: fetch (download again), parse (from the stored bytes, no network), load (from the kept parse result), render (the briefs). ' +
        'Queued for the workers when REDIS_URL is set, else run here.',
    )
    .requiredOption('--release <id>', 'release id (`distretti releases`, `distretti runs show`)', (v) => Number.parseInt(v, 10))
    .requiredOption('--from <stage>', `first stage to run: ${RERUN_STAGES.join(', ')}`)
    .option('--entity <name>', 'subject of the briefs rendered at the end', 'biomedicale-mirandola')
    .option('--in-process', 'run here even when REDIS_URL is set')
    .action(async (opts: { release: number; from: string; entity: string; inProcess?: boolean }) => {
      if (!RERUN_STAGES.includes(opts.from as RerunStage)) throw new NotRetryableError('CLI_USAGE', `--from must be one of ${RERUN_STAGES.join(', ')}`);
      if (!Number.isInteger(opts.release)) throw new NotRetryableError('CLI_USAGE', '--release must be a release id (a number)');
      const entity = resolveEntityArg(opts.entity);
      const d = await ctx.withPipeline((deps) =>
        dispatchRun(ctx, deps, { trigger: 'retry', rerun: { releaseId: opts.release, from: opts.from as RerunStage }, entitySlug: entity.slug }, { inProcess: opts.inProcess, kind: 'rerun' }),
      );
      ctx.out(describeDispatch(d));
      if (!d.queued && d.summary.status !== 'succeeded') process.exitCode = 3;
    });
}
