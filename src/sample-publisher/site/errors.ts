import { FatalError } from '../../errors/distretti-error.ts';

/**
 * The sample publisher was started (or reconfigured) with options it cannot honour:
 * a malformed `asOf` date, a port out of range, a fault with a negative delay…
 * Raised before anything listens, so a caller never gets a half-started server.
 */
export class SamplePublisherOptionsError extends FatalError {
  constructor(option: string, value: unknown, expected: string) {
    super(
      'SAMPLE_PUBLISHER_OPTIONS_INVALID',
      `sample publisher: option "${option}" is ${JSON.stringify(value)}; expected ${expected}. Fix the option and start again.`,
      { option, value },
    );
  }
}

/** The site could not bind its port (in use, no permission, bad host). */
export class SamplePublisherListenError extends FatalError {
  constructor(host: string, port: number, cause: unknown) {
    super(
      'SAMPLE_PUBLISHER_LISTEN_FAILED',
      `sample publisher: cannot listen on ${host}:${port} (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'Choose another --port (0 picks a free one) or stop the process holding it.',
      { host, port },
      { cause },
    );
  }
}
