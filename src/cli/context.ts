import { loadConfig, type Config } from '../config.ts';
import { createLogger, type Logger } from '../log.ts';
import type { OpenedDeps, OpenPipelineOptions } from '../pipeline/deps.ts';
import type { DbHandle } from '../../db/connect.ts';

/** Lazily built configuration and logger shared by every command. */
export interface CliContext {
  config(): Config;
  log(): Logger;
  /**
   * Starts opening the configured database, for a command that has more to set up before
   * {@link withPipeline} (pass the promise there as `database`; it then closes it).
   */
  openDatabase(): Promise<DbHandle>;
  /** Opens database + HTTP client, runs `fn`, always closes. */
  withPipeline<T>(
    fn: (deps: OpenedDeps) => Promise<T>,
    opts?: Pick<OpenPipelineOptions, 'source' | 'sourceBaseUrl' | 'database' | 'prefetchRobots'> & { configOverrides?: Partial<Config> },
  ): Promise<T>;
  /** Writes data output (CSV/JSON) to stdout. */
  out(text: string): void;
}

export function createCliContext(env: NodeJS.ProcessEnv = process.env): CliContext {
  let config: Config | undefined;
  let log: Logger | undefined;
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
      return openDatabaseWith(ctx.config(), ctx.log());
    },
    async withPipeline(fn, opts = {}) {
      const { configOverrides, ...rest } = opts;
      const config = configOverrides ? Object.freeze({ ...ctx.config(), ...configOverrides }) : ctx.config();
      // The database starts opening before the pipeline's modules load (the embedded one on its
      // own thread, so the two overlap), and both are imported here, not at the top: the database
      // and HTTP stack are for commands that use them (issue 13).
      const database = rest.database ?? openDatabaseWith(config, ctx.log());
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

async function openDatabaseWith(config: Config, log: Logger): Promise<DbHandle> {
  const { openDatabaseFor } = await import('../pipeline/open-database.ts');
  return openDatabaseFor(config, log);
}
