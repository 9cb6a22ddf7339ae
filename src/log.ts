import pino, { type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { stripUrlUserinfo } from './lib/redact-url.ts';
import { lazyRequire } from './lib/lazy-require.ts';

/** Only a terminal gets pretty lines: ~10 MB and a few ms that JSON logging never needs. */
const pinoPretty = lazyRequire<typeof PinoPretty>('pino-pretty');

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  format?: 'json' | 'pretty' | undefined;
  /** Where to write; default stdout. Tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
  /** Write to stderr (the CLI keeps stdout for its data output). */
  stderr?: boolean;
}

/**
 * Paths whose values never reach a log line. Connection strings carry passwords;
 * HTTP headers may carry cookies (the publisher's disclaimer gate) or auth.
 */
export const REDACT_PATHS = [
  'databaseUrl',
  'redisUrl',
  'password',
  '*.password',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
];

/**
 * Every serialized line passes here before it is written: URLs lose their userinfo wherever they
 * appear (message, bindings, error stacks), which path-based redaction cannot promise.
 */
function scrubbing(dest: pino.DestinationStream): pino.DestinationStream {
  return { write: (line: string) => dest.write(stripUrlUserinfo(line)) };
}

/** The root logger. Children add `{ jobId, releaseId, runId }` so every line can be traced. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const format = opts.format ?? ((opts.stderr ? process.stderr : process.stdout).isTTY ? 'pretty' : 'json');
  const base: pino.LoggerOptions = {
    level: opts.level ?? 'info',
    base: { app: 'distretti' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (opts.destination) return pino(base, scrubbing(opts.destination));
  const fd = opts.stderr ? 2 : 1;
  if (format === 'pretty') {
    // In this thread (not a transport) so the scrubbing stream sees each line first.
    return pino(base, scrubbing(pinoPretty()({ colorize: true, translateTime: 'SYS:HH:MM:ss', destination: fd, sync: true })));
  }
  return pino(base, scrubbing(pino.destination({ fd, sync: true })));
}

/** A logger that drops everything (tests that do not inspect logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
