import { resolve } from 'node:path';
import { isNewEmbeddedDatabase, openPGliteThread, PGLITE_SETTINGS, type ThreadedPGlite } from '../../db/pglite-thread.ts';
import { DEFAULT_DATA_DIR, embeddedDatabaseDir } from '../data-dir.ts';
import { asksForHelp, requestedEntry } from './command-table.ts';

/** An embedded database the CLI started opening on a guess, before its configuration was read. */
export interface EarlyDatabase {
  /** Absolute path of the PGlite data directory being opened. */
  readonly dataDir: string;
  /**
   * The opening database, for the first caller whose configuration names {@link dataDir} and no
   * DATABASE_URL (open-database.ts checks); `undefined` once taken or released.
   */
  take(): Promise<ThreadedPGlite> | undefined;
  /** Closes the database unless it was taken: the guess did not apply, or the command failed first. */
  release(): Promise<void>;
}

/**
 * Starts opening the embedded database from argv and the environment alone, before the CLI loads
 * its commands, configuration schema and logger, for a command that declares `opensDatabase`.
 *
 * Why (issue 13): in a `run` that finds nothing new, opening PGlite (its worker thread's start,
 * then ~0.6 s of WebAssembly start-up) is most of the wall time, and it waited ~0.3 s for the
 * CLI's modules and configuration to load first. Started here it opens while they load.
 *
 * A guess, so it is cautious: only an embedded database that already exists is opened this way
 * (a guess never creates one), and the configuration read afterwards decides whether it is used:
 * a different data directory, a DATABASE_URL or an invalid configuration closes it unused.
 */
export function openEmbeddedDatabaseEarly(argv: readonly string[], env: NodeJS.ProcessEnv): EarlyDatabase | undefined {
  if (!requestedEntry(argv)?.opensDatabase || asksForHelp(argv)) return undefined;
  // As config.ts reads them: an empty value counts as unset.
  if (env.DATABASE_URL) return undefined;
  const dataDir = resolve(embeddedDatabaseDir(env.DISTRETTI_DATA_DIR || DEFAULT_DATA_DIR));
  if (isNewEmbeddedDatabase(dataDir)) return undefined;

  let client: Promise<ThreadedPGlite> | undefined = openPGliteThread({ dataDir, seed: false, startParams: PGLITE_SETTINGS });
  // Whoever takes it meets its failure; untaken, a failure must not count as unhandled.
  client.catch(() => {});
  return {
    dataDir,
    take() {
      const taken = client;
      client = undefined;
      return taken;
    },
    async release() {
      const unused = client;
      client = undefined;
      await unused?.then((c) => c.close(), () => {});
    },
  };
}
