import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { ingestFromUrl, ingestStoredDocument, reparseRelease, type IngestOutcome } from '../../pipeline/ingest.ts';
import { storeRawDocument } from '../../extract/raw-store.ts';
import { DEFAULT_REGION, DEFAULT_SERIES, readInputFile } from './parse.ts';

export function registerIngest(program: Command, ctx: CliContext): void {
  program
    .command('ingest')
    .description('Store, parse, validate and load one release from a PDF file or a URL (idempotent).')
    .argument('<fileOrUrl>', 'a release PDF path, or an http(s) URL on an allowed host of the configured source')
    .option('--series <id>', 'series the release belongs to', DEFAULT_SERIES)
    .option('--region <id>', 'region the release belongs to', DEFAULT_REGION)
    .action(async (target: string, opts: { series: string; region: string }) => {
      const hint = { series: opts.series, region: opts.region };
      const outcome = await ctx.withPipeline(async (deps) => {
        if (/^https?:\/\//i.test(target)) return ingestFromUrl(deps, target, hint);
        const bytes = await readInputFile(target);
        const { sha256 } = await storeRawDocument(deps.db, { bytes, contentType: 'application/pdf' });
        return ingestStoredDocument(deps, { sha256, url: null, source: 'file', hint });
      });
      ctx.out(describe(outcome));
    });

  program
    .command('reparse')
    .description('Parse, validate and load a stored release again from its raw bytes (no network), e.g. after a quarantine was fixed.')
    .requiredOption('--release <id>', 'release id (see `distretti releases`)', (v) => Number.parseInt(v, 10))
    .action(async (opts: { release: number }) => {
      const outcome = await ctx.withPipeline((deps) => reparseRelease(deps, opts.release));
      ctx.out(describe(outcome));
    });
}

function describe(o: IngestOutcome): string {
  return `release ${o.releaseId}: ${o.status}` +
    (o.status === 'loaded' ? ` (${o.observationsInserted} figures inserted, ${o.warnings} warnings)` : '') +
    `  document ${o.sha256}`;
}
