import { FatalError } from './distretti-error.ts';

/** Configuration is invalid. Lists every problem at once so one restart fixes them all. */
export class ConfigError extends FatalError {
  constructor(readonly problems: string[]) {
    super(
      'CONFIG_INVALID',
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSet the environment variables above (see README "Configuration") and start again.',
      {},
    );
  }
}
