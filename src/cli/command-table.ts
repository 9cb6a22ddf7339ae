import type { Command } from 'commander';
import type { CliContext } from './context.ts';

// The CLI's command table, apart from program.ts (and commander): the CLI reads it before it loads
// anything else, to start opening the database of a command that needs one (early-database.ts).

/** What a command file exports: adds its command(s) to the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** One top-level command: listed by `--help` from here, its module imported only when it runs. */
export interface CommandEntry {
  readonly name: string;
  /** One line for the top-level `--help` (the command's own `.description()` may say more). */
  readonly summary: string;
  readonly load: () => Promise<RegisterCommand>;
  /**
   * The command opens the database: it starts opening (the embedded one on its own thread)
   * while the command's module loads, instead of after (issue 13: a run with nothing new).
   */
  readonly opensDatabase?: boolean;
}

// A file that registers two commands (ingest + reparse) is shared by two entries.
const ingest = async () => (await import('./commands/ingest.ts')).registerIngest;
const series = async () => (await import('./commands/series.ts')).registerSeries;
const worker = async () => (await import('./commands/worker.ts')).registerWorker;

/**
 * Every command, by name. Importing a command's module pulls in what it needs (pdf.js,
 * PGlite, BullMQ, pdfkit, Fastify…), which cost 2 s and 350 MB per CLI call when every
 * command was imported up front (issue 13); so `--help` reads names and summaries from
 * here and a call imports only its own command's file.
 *
 * To add a command: write `src/cli/commands/<name>.ts` exporting `register<Name>(program, ctx)`
 * (keep heavy imports inside that file, not here), then add ONE line below:
 *
 *   { name: '<name>', summary: '<one line>', load: async () => (await import('./commands/<name>.ts')).register<Name> },
 *
 * tests/cli/program-manifest.test.ts checks that every entry registers the command it names
 * and that the summaries are non-empty.
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'run', summary: 'The main job: discover, ingest what is new, render the latest briefs.', load: async () => (await import('./commands/run.ts')).registerRun, opensDatabase: true },
  { name: 'parse', summary: 'Print what a release PDF contains (no database).', load: async () => (await import('./commands/parse.ts')).registerParse },
  { name: 'ingest', summary: 'Store, parse, validate and load one release from a PDF file or a URL.', load: ingest },
  { name: 'reparse', summary: 'Parse, validate and load a stored release again from its raw bytes.', load: ingest },
  { name: 'series', summary: "Print an entity's figures, latest or as known at a release or date.", load: series },
  { name: 'revisions', summary: 'Every vintage of one figure: how releases revised it.', load: series },
  { name: 'lineage', summary: 'From a figure to its release, document and cell; from a brief to its figures.', load: async () => (await import('./commands/lineage.ts')).registerLineage },
  { name: 'brief', summary: 'Render (or reuse) the PDF brief of an entity for a quarter.', load: async () => (await import('./commands/brief.ts')).registerBrief },
  { name: 'releases', summary: 'List known releases with their status.', load: async () => (await import('./commands/releases.ts')).registerReleases },
  { name: 'worker', summary: 'Process pipeline jobs from Redis (BullMQ) until SIGTERM.', load: worker },
  { name: 'scheduler', summary: 'Register the scheduled discovery run and keep it registered.', load: worker },
  { name: 'jobs', summary: 'Operate the job queue: list, retry, backfill, reparse.', load: async () => (await import('./commands/jobs.ts')).registerJobs },
  { name: 'web', summary: "Serve the analysts' web on PORT until SIGTERM.", load: async () => (await import('./commands/web.ts')).registerWeb },
  { name: 'migrate', summary: 'Bring the database schema up to date.', load: async () => (await import('./commands/migrate.ts')).registerMigrate },
  { name: 'sample-publisher', summary: 'Serve the bundled sample publisher until Ctrl-C.', load: async () => (await import('./commands/sample-publisher.ts')).registerSamplePublisher },
  { name: 'runs', summary: 'Run history: list runs, show one run with its stages, errors and releases.', load: async () => (await import('./commands/runs.ts')).registerRuns },
  { name: 'rerun', summary: 'Re-run one release from a stage (fetch, parse, load, render).', load: async () => (await import('./commands/rerun.ts')).registerRerun },
  { name: 'backfill', summary: 'Process a range of reference quarters (missing, failed or all), or preview it.', load: async () => (await import('./commands/backfill.ts')).registerBackfill },
  { name: 'schedules', summary: "List the schedules (cron, time zone, next and last run) and each series' calendar.", load: async () => (await import('./commands/schedules.ts')).registerSchedules },
  { name: 'tokens', summary: 'Create, list and revoke personal tokens for the web and the API.', load: async () => (await import('./commands/tokens.ts')).registerTokens },
];

/** A call that only prints help opens nothing. */
export function asksForHelp(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  return args[0] === 'help' || args.includes('--help') || args.includes('-h');
}

/** The command a call is about: the first argument, or the one after `help`. */
export function requestedEntry(argv: readonly string[]): CommandEntry | undefined {
  const args = argv.slice(2);
  const name = args[0] === 'help' ? args[1] : args[0];
  return COMMANDS.find((e) => e.name === name);
}
