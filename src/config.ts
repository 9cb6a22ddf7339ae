import * as z from 'zod';
import { ConfigError } from './errors/config-error.ts';
import { DEFAULT_DATA_DIR } from './data-dir.ts';
import { cronProblem, timeZoneProblem } from './schedule/cron.ts';

/**
 * Every setting, read once from the environment, validated together and frozen.
 * Each field names its environment variable; see README "Configuration".
 */
const schema = z.object({
  /** DATABASE_URL — PostgreSQL URL. Unset: embedded PGlite under DISTRETTI_DATA_DIR/pgdata. */
  databaseUrl: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** REDIS_URL — Redis for BullMQ. Unset: jobs run in-process. */
  redisUrl: z.url({ protocol: /^rediss?$/ }).optional(),
  /** DISTRETTI_QUEUE_PREFIX — BullMQ key prefix, so several deployments can share one Redis. */
  queuePrefix: z.string().regex(/^[A-Za-z0-9:_-]+$/).default('distretti'),
  /** DISTRETTI_DATA_DIR — local state: embedded database, briefs written to disk. */
  dataDir: z.string().min(1).default(DEFAULT_DATA_DIR),
  /** DISTRETTI_SOURCE — which publisher adapter to read (see src/extract/adapters). */
  source: z.string().min(1).default('intesa-live'),
  /** DISTRETTI_SOURCE_BASE_URL — overrides the adapter's base URL (e.g. a sample publisher elsewhere). */
  sourceBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** DISTRETTI_CONTACT — who the publisher can write to about our crawler; goes into the User-Agent. */
  contact: z.string().min(3).default('distretti-operators@example.org'),
  /** DISTRETTI_HTTP_RATE — requests per second per host. */
  httpRatePerSecond: z.coerce.number().positive().max(50).default(0.5),
  /** DISTRETTI_HTTP_TIMEOUT_MS — per request. */
  httpTimeoutMs: z.coerce.number().int().positive().default(30_000),
  /** DISTRETTI_HTTP_RETRIES — attempts after the first on retryable failures. */
  httpRetries: z.coerce.number().int().min(0).max(10).default(4),
  /** DISTRETTI_HTTP_MAX_BYTES — refuse bodies larger than this. */
  httpMaxBytes: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  /** DISTRETTI_LISTING_KNOWN_PAGES — a run stops reading the listing after this many pages of known releases; 0 = every page. */
  listingKnownPages: z.coerce.number().int().min(0).max(100).default(1),
  /** DISTRETTI_LISTING_FULL_WALK_DAYS — a run reads every listing page when the last full walk is older than this. */
  listingFullWalkDays: z.coerce.number().positive().max(3650).default(28),
  // The cron defaults are not parsed at every start (cron-parser + luxon cost ~8 MB and tens of ms
  // in every CLI call, issue 13): tests/foundation/config.test.ts checks they are valid patterns.
  /** DISTRETTI_SCHEDULE — cron pattern of the discovery run (weekly: releases come 3–5 months after a quarter). */
  schedule: z.string().min(9).superRefine(refineCron).default('0 7 * * 1'),
  /** DISTRETTI_WINDOW_SCHEDULE — cron of the extra poll inside a quarter's expected publication window (daily). */
  windowSchedule: z.string().min(9).superRefine(refineCron).default('0 7 * * *'),
  /** DISTRETTI_TZ — time zone of the schedules (IANA name, checked with Intl). */
  timezone: z.string().min(1).default('Europe/Rome').superRefine((v, ctx) => {
    const problem = timeZoneProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  /** DISTRETTI_MISSED_RUNS — scheduled runs missed while nothing ran: `skip`, run the `latest` once, or `all`. */
  missedRuns: z.enum(['skip', 'latest', 'all']).default('latest'),
  /** DISTRETTI_ALERT_WEBHOOK — late and quarantined releases are POSTed here as JSON (retried, never blocking). */
  alertWebhook: z.url({ protocol: /^https?$/ }).optional(),
  /** DISTRETTI_ALERT_REPEAT_HOURS — an alert about the same thing (a note still late) is repeated at most this often. */
  alertRepeatHours: z.coerce.number().positive().max(24 * 365).default(24),
  /** DISTRETTI_WORKER_CONCURRENCY */
  workerConcurrency: z.coerce.number().int().min(1).max(32).default(2),
  /** DISTRETTI_WORKER_LOCK_MS — a job's lock; a worker silent this long (killed) loses its jobs to stall detection. */
  workerLockMs: z.coerce.number().int().min(500).default(30_000),
  /** DISTRETTI_WORKER_STALLED_INTERVAL_MS — how often workers look for stalled jobs. */
  workerStalledIntervalMs: z.coerce.number().int().min(200).default(30_000),
  /** DISTRETTI_WORKER_MAX_STALLED — times a job may stall (its worker died) before it fails for good. */
  workerMaxStalled: z.coerce.number().int().min(0).max(1000).default(1),
  /** DISTRETTI_SHUTDOWN_GRACE_MS — on SIGTERM, how long active jobs may run on before they are handed back. */
  shutdownGraceMs: z.coerce.number().int().min(0).default(20_000),
  /** DISTRETTI_OUTAGE_BACKOFF_MS — first delay of a job handed back because PostgreSQL or Redis was down (doubles, ≤ 5 min). */
  outageBackoffMs: z.coerce.number().int().min(10).default(5000),
  /** PORT — HTTP port of the web process. */
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** DISTRETTI_PDF_MAX_DECODED_BYTES — total bytes a PDF's Flate streams may inflate to (decompression bombs). */
  pdfMaxDecodedBytes: z.coerce.number().int().positive().default(256 * 1024 * 1024),
  /** DISTRETTI_PDF_MAX_PAGES — pages a release PDF may have (releases have tens). */
  pdfMaxPages: z.coerce.number().int().positive().default(500),
  /** DISTRETTI_PDF_MAX_TEXT_ITEMS — positioned text runs in the whole document. */
  pdfMaxTextItems: z.coerce.number().int().positive().default(200_000),
  /** DISTRETTI_PDF_TIMEOUT_MS — wall time of one parse before its worker thread is terminated. */
  pdfTimeoutMs: z.coerce.number().int().positive().default(30_000),
  /** DISTRETTI_PDF_MAX_HEAP_MB — V8 old-generation ceiling of the parsing worker thread (under ~64 it cannot even start). */
  pdfMaxHeapMb: z.coerce.number().int().min(96).default(256),
  /** DISTRETTI_PDF_MAX_MEMORY_MB — growth of the process's resident memory allowed during one parse. */
  pdfMaxMemoryMb: z.coerce.number().int().min(64).default(384),
  /** DISTRETTI_TRUST_PROXY — the web sits behind a reverse proxy that sets X-Forwarded-For/-Proto (HTTPS termination): trust them. */
  trustProxy: z.stringbool().default(false),
  /** LOG_LEVEL */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** LOG_FORMAT — `json` (production) or `pretty` (terminal). Default: pretty when stdout is a TTY. */
  logFormat: z.enum(['json', 'pretty']).optional(),
});

export type Config = Readonly<z.infer<typeof schema>>;

function refineCron(v: string, ctx: z.RefinementCtx): void {
  const problem = cronProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}

const ENV: Record<keyof z.infer<typeof schema>, string> = {
  databaseUrl: 'DATABASE_URL',
  redisUrl: 'REDIS_URL',
  queuePrefix: 'DISTRETTI_QUEUE_PREFIX',
  dataDir: 'DISTRETTI_DATA_DIR',
  source: 'DISTRETTI_SOURCE',
  sourceBaseUrl: 'DISTRETTI_SOURCE_BASE_URL',
  contact: 'DISTRETTI_CONTACT',
  httpRatePerSecond: 'DISTRETTI_HTTP_RATE',
  httpTimeoutMs: 'DISTRETTI_HTTP_TIMEOUT_MS',
  httpRetries: 'DISTRETTI_HTTP_RETRIES',
  httpMaxBytes: 'DISTRETTI_HTTP_MAX_BYTES',
  listingKnownPages: 'DISTRETTI_LISTING_KNOWN_PAGES',
  listingFullWalkDays: 'DISTRETTI_LISTING_FULL_WALK_DAYS',
  schedule: 'DISTRETTI_SCHEDULE',
  windowSchedule: 'DISTRETTI_WINDOW_SCHEDULE',
  timezone: 'DISTRETTI_TZ',
  missedRuns: 'DISTRETTI_MISSED_RUNS',
  alertWebhook: 'DISTRETTI_ALERT_WEBHOOK',
  alertRepeatHours: 'DISTRETTI_ALERT_REPEAT_HOURS',
  workerConcurrency: 'DISTRETTI_WORKER_CONCURRENCY',
  workerLockMs: 'DISTRETTI_WORKER_LOCK_MS',
  workerStalledIntervalMs: 'DISTRETTI_WORKER_STALLED_INTERVAL_MS',
  workerMaxStalled: 'DISTRETTI_WORKER_MAX_STALLED',
  shutdownGraceMs: 'DISTRETTI_SHUTDOWN_GRACE_MS',
  outageBackoffMs: 'DISTRETTI_OUTAGE_BACKOFF_MS',
  port: 'PORT',
  pdfMaxDecodedBytes: 'DISTRETTI_PDF_MAX_DECODED_BYTES',
  pdfMaxPages: 'DISTRETTI_PDF_MAX_PAGES',
  pdfMaxTextItems: 'DISTRETTI_PDF_MAX_TEXT_ITEMS',
  pdfTimeoutMs: 'DISTRETTI_PDF_TIMEOUT_MS',
  pdfMaxHeapMb: 'DISTRETTI_PDF_MAX_HEAP_MB',
  pdfMaxMemoryMb: 'DISTRETTI_PDF_MAX_MEMORY_MB',
  trustProxy: 'DISTRETTI_TRUST_PROXY',
  logLevel: 'LOG_LEVEL',
  logFormat: 'LOG_FORMAT',
};

/** The environment variable behind each setting (for docs and error messages). */
export const CONFIG_ENV: Readonly<typeof ENV> = Object.freeze({ ...ENV });

/**
 * Reads configuration from `env` (default `process.env`) plus explicit overrides.
 * Throws {@link ConfigError} listing every problem; returns a frozen object.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<z.input<typeof schema>> = {},
): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV)) {
    const v = env[name];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const parsed = schema.safeParse({ ...raw, ...overrides });
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = String(i.path[0] ?? '');
        const name = ENV[key as keyof typeof ENV] ?? key;
        // Never echo the value: URLs carry passwords.
        return `${name}: ${i.message}`;
      }),
    );
  }
  return Object.freeze(parsed.data);
}

/** A URL with its password (and user) masked, safe to log. */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.username) u.username = u.username ? '***' : '';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}
