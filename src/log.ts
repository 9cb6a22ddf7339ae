import pino, { type Logger } from 'pino';

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

/** The root logger. Children add `{ jobId, releaseId, runId }` so every line can be traced. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const format = opts.format ?? ((opts.stderr ? process.stderr : process.stdout).isTTY ? 'pretty' : 'json');
  const base: pino.LoggerOptions = {
    level: opts.level ?? 'info',
    base: { app: 'distretti' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (opts.destination) return pino(base, opts.destination);
  const fd = opts.stderr ? 2 : 1;
  if (format === 'pretty') {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', destination: fd } },
    });
  }
  return pino(base, pino.destination({ fd, sync: true }));
}

/** A logger that drops everything (tests that do not inspect logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
