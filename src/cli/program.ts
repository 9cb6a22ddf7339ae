import { Command, CommanderError } from 'commander';
import type { CliContext } from './context.ts';
import { isDistrettiError } from '../errors/distretti-error.ts';
import { stripUrlUserinfo } from '../lib/redact-url.ts';
import { connectionFailureReason, isConnectionFailure } from '../errors/connection-failure.ts';

/** Exit codes by error disposition (sysexits.h): input 1, temporary 75, configuration 78. */
const EXIT = { 'not-retryable': 1, retryable: 75, fatal: 78 } as const;

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

function bareProgram(): Command {
  return new Command('distretti')
    .description("Italy's industrial-district export monitors → versioned database → PDF briefings.")
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
}

async function createContext(): Promise<CliContext> {
  // Lazy too: the context's configuration schema and logger are not needed to print help.
  return (await import('./context.ts')).createCliContext();
}

/**
 * The program with the real commands of `entries` (default: all of them) registered. Entries
 * sharing a module register it once.
 */
export async function buildProgram(ctx?: CliContext, entries: readonly CommandEntry[] = COMMANDS): Promise<Command> {
  const program = bareProgram();
  const context = ctx ?? (await createContext());
  const registers = new Set<RegisterCommand>();
  for (const e of entries) registers.add(await e.load());
  for (const register of registers) register(program, context);
  return program;
}

/** A program whose commands are names and summaries only: enough for top-level help and usage errors. */
function listingProgram(): Command {
  const program = bareProgram();
  for (const e of COMMANDS) program.command(e.name).description(e.summary).allowUnknownOption().allowExcessArguments();
  return program;
}

/** A call that only prints help opens nothing. */
function asksForHelp(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  return args[0] === 'help' || args.includes('--help') || args.includes('-h');
}

/** The command a call is about: the first argument, or the one after `help`. */
function requestedEntry(argv: readonly string[]): CommandEntry | undefined {
  const args = argv.slice(2);
  const name = args[0] === 'help' ? args[1] : args[0];
  return COMMANDS.find((e) => e.name === name);
}

export async function main(argv: string[]): Promise<number> {
  try {
    const entry = requestedEntry(argv);
    if (!entry) {
      await listingProgram().parseAsync(argv);
      return typeof process.exitCode === 'number' ? process.exitCode : 0;
    }
    const context = await createContext();
    if (entry.opensDatabase && !asksForHelp(argv)) context.prepareDatabase();
    try {
      await (await buildProgram(context, [entry])).parseAsync(argv);
    } finally {
      await context.closeUnusedDatabase();
    }
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode; // commander already printed help/usage
    if (isDistrettiError(e)) {
      process.stderr.write(`distretti: ${e.code}: ${stripUrlUserinfo(e.message)}\n`);
      return EXIT[e.disposition];
    }
    if (isConnectionFailure(e)) {
      // A connection lost halfway through a command (the up-front checks type the usual cases).
      process.stderr.write(`distretti: SERVICE_UNAVAILABLE: a connection to PostgreSQL or Redis broke (${connectionFailureReason(e)}); try again.\n`);
      return EXIT.retryable;
    }
    process.stderr.write(`distretti: unexpected error: ${stripUrlUserinfo(e instanceof Error ? (e.stack ?? e.message) : String(e))}\n`);
    return 70;
  }
}
