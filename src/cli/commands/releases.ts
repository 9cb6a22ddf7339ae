import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { listReleases } from '../../../db/queries/pipeline.ts';
import { warningCounts } from '../../../db/queries/releases.ts';
import { toCsv } from '../../lib/csv.ts';

export function registerReleases(program: Command, ctx: CliContext): void {
  program
    .command('releases')
    .description('List known releases with their status (loaded, quarantined, …). CSV: id,series,region,cover,ref_quarter,note_number,data_cutoff,status,document_sha256,url,warnings (stored warning findings; the release page lists them)')
    .action(async () => {
      const [rows, warnings] = await ctx.withPipeline((deps) => Promise.all([listReleases(deps.db), warningCounts(deps.db)]));
      ctx.out(
        toCsv(
          ['id', 'series', 'region', 'cover', 'ref_quarter', 'note_number', 'data_cutoff', 'status', 'document_sha256', 'url', 'warnings'],
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
            warnings.get(r.id) ?? 0,
          ]),
        ),
      );
    });
}
