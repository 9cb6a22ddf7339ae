import { Command, CommanderError } from 'commander';
import { createCliContext } from './context.ts';
import { registerRun } from './commands/run.ts';
import { registerParse } from './commands/parse.ts';
import { registerIngest } from './commands/ingest.ts';
import { registerSeries } from './commands/series.ts';
import { registerLineage } from './commands/lineage.ts';
import { registerBrief } from './commands/brief.ts';
import { registerReleases } from './commands/releases.ts';
import { registerWorker } from './commands/worker.ts';
import { registerJobs } from './commands/jobs.ts';
import { registerWeb } from './commands/web.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerSamplePublisher } from './commands/sample-publisher.ts';
import { registerTokens } from './commands/tokens.ts';
import { registerRuns } from './commands/runs.ts';
import { registerRerun } from './commands/rerun.ts';
import { registerBackfill } from './commands/backfill.ts';
import { registerSchedules } from './commands/schedules.ts';
import { isDistrettiError } from '../errors/distretti-error.ts';
import { stripUrlUserinfo } from '../lib/redact-url.ts';
import { connectionFailureReason, isConnectionFailure } from '../errors/connection-failure.ts';

/** Exit codes by error disposition (sysexits.h): input 1, temporary 75, configuration 78. */
const EXIT = { 'not-retryable': 1, retryable: 75, fatal: 78 } as const;

export function buildProgram(ctx = createCliContext()): Command {
  const program = new Command('distretti')
    .description("Italy's industrial-district export monitors → versioned database → PDF briefings.")
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of [
    registerRun,
    registerParse,
    registerIngest,
    registerSeries,
    registerLineage,
    registerBrief,
    registerReleases,
    registerWorker,
    registerJobs,
    registerWeb,
    registerMigrate,
    registerSamplePublisher,
    registerTokens,
    registerRuns,
    registerRerun,
    registerBackfill,
    registerSchedules,
  ]) {
    register(program, ctx);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
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

