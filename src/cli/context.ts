import { loadConfig, type Config } from '../config.ts';
import { createLogger, type Logger } from '../log.ts';
import type { OpenedDeps } from '../pipeline/deps.ts';

/** Lazily built configuration and logger shared by every command. */
export interface CliContext {
  config(): Config;
  log(): Logger;
  /** Opens database + HTTP client, runs `fn`, always closes. */
  withPipeline<T>(
    fn: (deps: OpenedDeps) => Promise<T>,
    opts?: { source?: string; sourceBaseUrl?: string; configOverrides?: Partial<Config> },
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
    async withPipeline(fn, opts = {}) {
      const { configOverrides, ...rest } = opts;
      const config = configOverrides ? Object.freeze({ ...ctx.config(), ...configOverrides }) : ctx.config();
      // Imported here, not at the top: the database and HTTP stack are for commands that use them (issue 13).
      const { openPipeline } = await import('../pipeline/deps.ts');
      const deps = await openPipeline(config, ctx.log(), rest);
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
