import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { createPdfSandbox, pdfLimitsFrom } from '../../extract/pdf-sandbox/index.ts';
import { periodCode } from '../../domain/period.ts';
import { toCsv } from '../../lib/csv.ts';
import { isDistrettiError, NotRetryableError } from '../../errors/distretti-error.ts';

export const DEFAULT_SERIES = 'monitor-distretti-emilia-romagna';
export const DEFAULT_REGION = 'emilia-romagna';

export class FileUnreadableError extends NotRetryableError {
  constructor(path: string, why: string) {
    super('CLI_FILE_UNREADABLE', `cannot read ${path}: ${why}`, { path });
  }
}

export async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new FileUnreadableError(path, (e as NodeJS.ErrnoException).code ?? String(e));
  }
}

export function registerParse(program: Command, ctx: CliContext): void {
  program
    .command('parse')
    .description('Print what a release PDF contains (no database). CSV columns: entity,kind,period,metric,value,page')
    .argument('<file>', 'a release PDF')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--series <id>', 'series the file belongs to', DEFAULT_SERIES)
    .option('--region <id>', 'region the file belongs to', DEFAULT_REGION)
    .action(async (file: string, opts: { format: string; series: string; region: string }) => {
      if (opts.format !== 'csv' && opts.format !== 'json') throw new NotRetryableError('CLI_BAD_FORMAT', `--format must be csv or json, not "${opts.format}"`);
      const bytes = await readInputFile(file);
      const sha = createHash('sha256').update(bytes).digest('hex');
      const pdf = createPdfSandbox(pdfLimitsFrom(ctx.config()), { log: ctx.log() });
      const release = await pdf
        .extract(bytes, { series: opts.series, region: opts.region, documentSha256: sha })
        .catch((e: unknown) => {
          // Say what this command did, and did not do (issue 12: it used to promise a quarantine).
          if (isDistrettiError(e)) e.message = `${e.message} Nothing was stored: \`parse\` does not use the database (\`distretti ingest ${file}\` stores the file and quarantines it).`;
          throw e;
        })
        .finally(() => pdf.close());
      if (opts.format === 'json') {
        ctx.out(
          JSON.stringify(
            {
              documentSha256: release.documentSha256,
              meta: release.meta,
              fingerprint: release.fingerprint,
              figures: release.figures.map((f) => ({
                entity: f.entity,
                kind: f.kind,
                period: periodCode(f.period),
                metric: f.metric,
                value: f.value,
                page: f.provenance.page,
                provenance: f.provenance,
                ...(f.footnotes?.length ? { footnotes: f.footnotes } : {}),
              })),
            },
            null,
            2,
          ),
        );
        return;
      }
      ctx.out(
        toCsv(
          ['entity', 'kind', 'period', 'metric', 'value', 'page'],
          release.figures.map((f) => [f.entity, f.kind, periodCode(f.period), f.metric, f.value, f.provenance.page]),
        ),
      );
    });
}
