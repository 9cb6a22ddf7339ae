import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { resolveEntityArg } from '../entity-arg.ts';
import { getOrRenderBrief } from '../../report/index.ts';
import { parsePeriodCode, quarterOf } from '../../domain/period.ts';
import { NotRetryableError } from '../../errors/distretti-error.ts';
import { randomUUID } from 'node:crypto';

export function registerBrief(program: Command, ctx: CliContext): void {
  program
    .command('brief')
    .description('Render (or reuse) the PDF brief of an entity for a quarter and write it to a file.')
    .option('--entity <name>', 'name, alias or slug', 'biomedicale-mirandola')
    .requiredOption('--period <YYYYQn>', 'reference quarter, e.g. 2025Q1')
    .option('--lang <lang>', 'it or en', 'it')
    .requiredOption('--out <file>', 'where to write the PDF')
    .action(async (opts: { entity: string; period: string; lang: string; out: string }) => {
      const entity = resolveEntityArg(opts.entity);
      const period = parsePeriodCode(opts.period);
      const quarter = quarterOf(period);
      if (quarter === null) throw new NotRetryableError('CLI_BAD_PERIOD', `--period must be one quarter (YYYYQn), not "${opts.period}"`);
      if (opts.lang !== 'it' && opts.lang !== 'en') throw new NotRetryableError('CLI_BAD_LANG', `--lang must be it or en, not "${opts.lang}"`);
      const lang = opts.lang;
      const b = await ctx.withPipeline((deps) =>
        getOrRenderBrief(deps.db, { entitySlug: entity.slug, year: period.year, quarter, lang, runId: randomUUID(), codeVersion: deps.codeVersion }),
      );
      await writeFile(opts.out, b.bytes);
      ctx.out(`${opts.out}  brief ${b.briefId}  sha256 ${b.sha256}${b.reused ? '  (reused)' : ''}`);
    });
}
