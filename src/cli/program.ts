import { Command, CommanderError } from 'commander';
import type { CliContext } from './context.ts';
import type { EarlyDatabase } from './early-database.ts';
import { asksForHelp, COMMANDS, requestedEntry, type CommandEntry, type RegisterCommand } from './command-table.ts';
import { isDistrettiError } from '../errors/distretti-error.ts';
import { stripUrlUserinfo } from '../lib/redact-url.ts';
import { connectionFailureReason, isConnectionFailure } from '../errors/connection-failure.ts';

/** Exit codes by error disposition (sysexits.h): input 1, temporary 75, configuration 78. */
const EXIT = { 'not-retryable': 1, retryable: 75, fatal: 78 } as const;

export { COMMANDS, type CommandEntry, type RegisterCommand };

function bareProgram(): Command {
  return new Command('distretti')
    .description("Italy's industrial-district export monitors → versioned database → PDF briefings.")
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
}

async function createContext(early?: EarlyDatabase): Promise<CliContext> {
  // Lazy too: the context's configuration schema and logger are not needed to print help.
  return (await import('./context.ts')).createCliContext(process.env, { early });
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

/**
 * Runs one CLI call and returns its exit code.
 *
 * @param opts.early - the embedded database main.ts started opening before loading this module,
 *   if its guess applied; the context takes it or closes it.
 */
export async function main(argv: string[], opts: { early?: EarlyDatabase | undefined } = {}): Promise<number> {
  try {
    const entry = requestedEntry(argv);
    if (!entry) {
      await listingProgram().parseAsync(argv);
      return typeof process.exitCode === 'number' ? process.exitCode : 0;
    }
    const context = await createContext(opts.early);
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
