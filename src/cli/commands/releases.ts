import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { listReleases } from '../../../db/queries/pipeline.ts';
import { toCsv } from '../../lib/csv.ts';

export function registerReleases(program: Command, ctx: CliContext): void {
  program
    .command('releases')
    .description('List known releases with their status (loaded, quarantined, …). CSV: id,series,region,cover,ref_quarter,note_number,data_cutoff,status,document_sha256,url')
    .action(async () => {
      const rows = await ctx.withPipeline((deps) => listReleases(deps.db));
      ctx.out(
        toCsv(
          ['id', 'series', 'region', 'cover', 'ref_quarter', 'note_number', 'data_cutoff', 'status', 'document_sha256', 'url'],
          rows.map((r) => [
            r.id,
            r.series,
            r.region,
            // unknown for a document quarantined before anything could be read from it
            r.cover_year === null || r.cover_month === null ? 'unknown' : `${r.cover_year}-${String(r.cover_month).padStart(2, '0')}`,
            r.ref_year ? `${r.ref_year}Q${r.ref_quarter}` : '',
            r.note_number,
            r.data_cutoff,
            r.status,
            r.document_sha256,
            r.url,
          ]),
        ),
      );
    });
}
