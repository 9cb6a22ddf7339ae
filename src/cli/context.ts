import { loadConfig, type Config } from '../config.ts';
import { createLogger, type Logger } from '../log.ts';
import type { OpenedDeps, OpenPipelineOptions } from '../pipeline/deps.ts';
import type { DbHandle } from '../../db/connect.ts';
import type { EarlyDatabase } from './early-database.ts';

/** Lazily built configuration and logger shared by every command. */
export interface CliContext {
  config(): Config;
  log(): Logger;
  /**
   * Starts opening the configured database, for a command that has more to set up before
   * {@link withPipeline} (pass the promise there as `database`; it then closes it). Returns the
   * one {@link prepareDatabase} started, if any and not yet taken.
   */
  openDatabase(): Promise<DbHandle>;
  /**
   * Starts opening the database ahead of the command that will ask for it, while that command's
   * modules load (the CLI does this for commands that declare `opensDatabase`). A configuration
   * or connection problem is left for the command to meet and report as usual.
   */
  prepareDatabase(): void;
  /** Closes a database {@link prepareDatabase} opened that no command took (help, usage errors). */
  closeUnusedDatabase(): Promise<void>;
  /** Opens database + HTTP client, runs `fn`, always closes. */
  withPipeline<T>(
    fn: (deps: OpenedDeps) => Promise<T>,
    opts?: Pick<OpenPipelineOptions, 'source' | 'sourceBaseUrl' | 'database' | 'prefetchRobots'> & { configOverrides?: Partial<Config> },
  ): Promise<T>;
  /** Writes data output (CSV/JSON) to stdout. */
  out(text: string): void;
}

/**
 * @param opts.early - the embedded database main.ts started opening on a guess (early-database.ts):
 *   the first database opened for a configuration that names it takes it; otherwise it is closed.
 */
export function createCliContext(env: NodeJS.ProcessEnv = process.env, opts: { early?: EarlyDatabase | undefined } = {}): CliContext {
  const { early } = opts;
  let config: Config | undefined;
  let log: Logger | undefined;
  let prepared: Promise<DbHandle> | undefined;
  const ctx: CliContext = {
    config() {
      config ??= loadConfig(env);
      return config;
    },
    log() {
      const c = ctx.config();
      log ??= createLogger({ level: c.logLevel, format: c.logFormat, stderr: true });
      return log;
    },
    openDatabase() {
      const taken = prepared;
      prepared = undefined;
      return taken ?? openDatabaseWith(ctx.config(), () => ctx.log(), early);
    },
    prepareDatabase() {
      if (prepared) return;
      try {
        // The logger is not asked for yet: loading it is not on the way to an open database.
        prepared = openDatabaseWith(ctx.config(), () => ctx.log(), early);
      } catch {
        return; // the configuration is invalid: the command reads it again and reports every problem
      }
      // Rejections belong to whoever takes it; untaken, it must not count as unhandled.
      prepared.catch(() => {});
    },
    async closeUnusedDatabase() {
      const unused = prepared;
      prepared = undefined;
      await unused?.then((d) => d.close(), () => {});
      await early?.release();
    },
    async withPipeline(fn, opts = {}) {
      const { configOverrides, ...rest } = opts;
      const config = configOverrides ? Object.freeze({ ...ctx.config(), ...configOverrides }) : ctx.config();
      // The database starts opening before the pipeline's modules load (the embedded one on its
      // own thread, so the two overlap), and both are imported here, not at the top: the database
      // and HTTP stack are for commands that use them (issue 13).
      const movesDatabase = configOverrides && ('databaseUrl' in configOverrides || 'dataDir' in configOverrides);
      const database = rest.database ?? (movesDatabase ? openDatabaseWith(config, () => ctx.log()) : ctx.openDatabase());
      let openPipeline: typeof import('../pipeline/deps.ts').openPipeline;
      try {
        ({ openPipeline } = await import('../pipeline/deps.ts'));
      } catch (e) {
        await database.then((d) => d.close(), () => {});
        throw e;
      }
      const deps = await openPipeline(config, ctx.log(), { ...rest, database });
      try {
        return await fn(deps);
      } finally {
        await deps.close();
      }
    },
    out(text) {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
  return ctx;
}

async function openDatabaseWith(config: Config, log: () => Logger, early?: EarlyDatabase): Promise<DbHandle> {
  const { openDatabaseFor } = await import('../pipeline/open-database.ts');
  return openDatabaseFor(config, log, { early });
}
