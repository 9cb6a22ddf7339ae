import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { NotRetryableError } from '../../errors/distretti-error.ts';
import { listRuns, runById, stagesOfRun } from '../../../db/queries/runs.ts';
import { releaseByNaturalKey } from '../../../db/queries/releases.ts';
import type { RunStatus } from '../../../db/schema.ts';
import { RunNotFoundError } from '../../pipeline/errors.ts';
import { formatRunList, formatRunShow, runListJson } from '../run-format.ts';

const STATES: RunStatus[] = ['running', 'succeeded', 'partly-failed', 'failed'];

function parseSince(v: string): Date {
  const d = new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) throw new NotRetryableError('CLI_BAD_DATE', `--since must be a date like 2026-01-31 (got "${v}")`);
  return d;
}

export function registerRuns(program: Command, ctx: CliContext): void {
  const runs = program.command('runs').description('Run history from the database: every run, its stages, timings, errors and the releases it touched.');

  runs
    .command('list')
    .description('Runs, newest first.')
    .option('--state <state>', `only runs in this state: ${STATES.join(', ')}`)
    .option('--since <date>', 'only runs started on or after this date (YYYY-MM-DD)')
    .option('--limit <n>', 'at most this many', (v) => Number.parseInt(v, 10), 50)
    .option('--format <format>', 'table or json (one object per line)', 'table')
    .action(async (opts: { state?: string; since?: string; limit: number; format: string }) => {
      if (opts.state && !STATES.includes(opts.state as RunStatus)) throw new NotRetryableError('CLI_BAD_STATE', `--state must be one of ${STATES.join(', ')}`);
      const since = opts.since ? parseSince(opts.since) : undefined;
      const rows = await ctx.withPipeline((deps) => listRuns(deps.db, { status: opts.state as RunStatus | undefined, since, limit: opts.limit }));
      ctx.out(opts.format === 'json' ? rows.map((r) => JSON.stringify(runListJson(r))).join('\n') || '' : formatRunList(rows));
    });

  runs
    .command('show')
    .description('One run: its stages with timings, counts and errors, the releases it touched, and how to re-run what failed.')
    .argument('<run-id>', 'from `distretti runs list`')
    .option('--format <format>', 'text or json', 'text')
    .action(async (id: string, opts: { format: string }) => {
      const shown = await ctx.withPipeline(async (deps) => {
        const run = await runById(deps.db, id);
        if (!run) throw new RunNotFoundError(id);
        const stages = await stagesOfRun(deps.db, id);
        const subjects = [...new Set(stages.filter((s) => s.stage !== 'discover' && s.stage !== 'render').map((s) => s.subject))];
        const releases = await Promise.all(
          subjects.map(async (subject) => {
            const [series = '', region = '', cover = ''] = subject.split('/');
            const [y, m] = cover.split('-').map(Number);
            return { subject, release: await releaseByNaturalKey(deps.db, { series, region, coverYear: y!, coverMonth: m! }) };
          }),
        );
        return { run, stages, releases };
      });
      ctx.out(
        opts.format === 'json'
          ? JSON.stringify({ ...runListJson(shown.run), stages: shown.stages, releases: shown.releases.map((r) => ({ subject: r.subject, id: r.release?.id ?? null, status: r.release?.status ?? null })) }, null, 2)
          : formatRunShow(shown.run, shown.stages, shown.releases),
      );
    });
}
