import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Database } from '../../db/schema.ts';
import type { DbHandle } from '../../db/connect.ts';
import { openDatabaseFor } from './open-database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { projectRoot } from '../lib/project-root.ts';
import { ensureRegistry } from '../../db/queries/entities.ts';
import { REGIONS, type RegionRegistry } from '../domain/registry/index.ts';
import { getAdapter, type SourceAdapter } from '../extract/adapters/index.ts';
import { createClientForAdapter, type PoliteClient } from '../extract/http/index.ts';
import { createPdfSandbox, pdfLimitsFrom, type PdfParser } from '../extract/pdf-sandbox/index.ts';
import { createAlertSink, type AlertSink } from './alerts.ts';
import type { ListingWalkSettings } from './discover.ts';
import type { BriefRenderFn } from '../report/render-thread.ts';
import { readGitHead } from '../lib/git-head.ts';
import { preloadHtmlParser } from '../extract/load-html.ts';

/**
 * Everything a stage needs, passed in (never imported as singletons) so tests
 * build the real thing against their own database, publisher and logger.
 */
export interface PipelineDeps {
  readonly db: Kysely<Database>;
  readonly log: Logger;
  readonly adapter: SourceAdapter;
  readonly http: PoliteClient;
  /** Where briefs are written for people to open (the database keeps them too). */
  readonly outDir: string;
  /** Version stamped into briefs; part of their inputs' hash. */
  readonly codeVersion: string;
  readonly now: () => Date;
  /** The entity registry of a region. @defaultValue {@link regionRegistry} (the bundled registries) */
  readonly registryFor?: (region: string) => RegionRegistry;
  /** Parses release PDFs in a worker thread under limits. @defaultValue the process's {@link defaultPdfParser} */
  readonly pdf?: PdfParser;
  /** Where late and quarantined releases are reported. @defaultValue none (the run log only) */
  readonly alerts?: AlertSink;
  /** An alert about the same thing is delivered at most once per this interval. @defaultValue 24 h */
  readonly alertRepeatMs?: number;
  /** How far discovery reads the listing. @defaultValue {@link DEFAULT_LISTING_WALK} */
  readonly listingWalk?: ListingWalkSettings;
  /** Draws brief PDFs; workers pass the off-thread renderer. @defaultValue renderBrief on this thread */
  readonly renderBrief?: BriefRenderFn;
}

export interface OpenedDeps extends PipelineDeps {
  readonly dbHandle: DbHandle;
  close(): Promise<void>;
}

/** How {@link openPipeline} opens. */
export interface OpenPipelineOptions {
  readonly sourceBaseUrl?: string;
  readonly source?: string;
  readonly schema?: string;
  readonly now?: () => Date;
  readonly maxRetryAfterMs?: number;
  /** A database already being opened ({@link openDatabaseFor}); it is owned from here on (closed with the rest). */
  readonly database?: Promise<DbHandle>;
  /**
   * Read the publisher's robots.txt (and load the listing's HTML parser) while the database
   * opens, for a caller about to discover releases: its Crawl-delay then runs out during the open
   * instead of after it. Commands that never contact the publisher leave it off.
   */
  readonly prefetchRobots?: boolean;
}

/** Opens the database (migrating it), syncs the entity registry and builds the HTTP client. */
export async function openPipeline(config: Config, log: Logger, opts: OpenPipelineOptions = {}): Promise<OpenedDeps> {
  const started = performance.now();
  const database = opts.database ?? openDatabaseFor(config, () => log, { schema: opts.schema });
  const pdf = createPdfSandbox(pdfLimitsFrom(config), { log });
  let adapter: SourceAdapter;
  let http: PoliteClient;
  try {
    adapter = getAdapter(opts.source ?? config.source, { baseUrl: opts.sourceBaseUrl ?? config.sourceBaseUrl });
    http = createHttpClientFor(adapter, config, log, opts.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: opts.maxRetryAfterMs } : {});
    // A failure here is not this call's to report: the first real request reads robots.txt again.
    const firstListing = adapter.listingUrls[0];
    if (opts.prefetchRobots && firstListing) {
      http.readRobots(firstListing).catch(() => {});
      // Discovery comes next: its HTML parser loads while the database is still opening.
      setImmediate(preloadHtmlParser);
    }
  } catch (e) {
    await pdf.close();
    await database.then((d) => d.close(), () => {});
    throw e;
  }
  const dbHandle = await database.catch(async (e: unknown) => {
    await pdf.close();
    throw e;
  });
  // A new embedded database holds nothing yet, so whatever runs next parses: the parse thread
  // boots while the database migrates and the listing is walked (issue 13).
  if (dbHandle.created) pdf.prestart?.();
  try {
    const opened = performance.now();
    const migrations = await migrateToLatest(dbHandle.db);
    const migrated = performance.now();
    for (const registry of Object.values(REGIONS)) await ensureRegistry(dbHandle.db, registry);
    const ms = (a: number, b: number) => Math.round(b - a);
    log.debug(
      { engine: dbHandle.engine, created: dbHandle.created, migrations: migrations.length, openMs: ms(started, opened), migrateMs: ms(opened, migrated), registryMs: ms(migrated, performance.now()) },
      'database ready',
    );
    return {
      db: dbHandle.db,
      dbHandle,
      log,
      adapter,
      http,
      outDir: join(config.dataDir, 'briefs'),
      codeVersion: codeVersion(),
      now: opts.now ?? (() => new Date()),
      pdf,
      listingWalk: { knownPages: config.listingKnownPages, fullWalkEveryDays: config.listingFullWalkDays },
      alerts: createAlertSink({ log, webhookUrl: config.alertWebhook }),
      alertRepeatMs: config.alertRepeatHours * 3_600_000,
      close: async () => {
        await pdf.close();
        await dbHandle.close();
      },
    };
  } catch (e) {
    await pdf.close();
    await dbHandle.close();
    throw e;
  }
}

let cachedVersion: string | undefined;
/**
 * package.json version plus the commit (SOURCE_VERSION as set by Heroku-style
 * platforms, else the checkout's HEAD read from `.git`, else `git rev-parse`), stamped into
 * briefs and part of their inputs' hash.
 */
export function codeVersion(): string {
  if (cachedVersion) return cachedVersion;
  const root = projectRoot();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  let commit = process.env.SOURCE_VERSION || readGitHead(root);
  if (!commit) {
    try {
      commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      commit = undefined; // not a checkout (e.g. a packaged deploy): the version alone
    }
  }
  cachedVersion = commit ? `${pkg.version}+${commit.slice(0, 12)}` : pkg.version;
  return cachedVersion;
}

/**
 * The adapter's polite client, rebuilt once it is older than `maxAgeMs`: a long-lived
 * worker must see robots.txt changes (the client caches robots.txt and the gate cookie
 * for its lifetime), while one run keeps one client so its rate limit holds.
 */
export function createHttpClientFor(
  adapter: SourceAdapter,
  config: Config,
  log: Logger,
  opts: { maxAgeMs?: number; now?: () => number; maxRetryAfterMs?: number } = {},
): PoliteClient {
  const maxAgeMs = opts.maxAgeMs ?? 3600_000;
  const now = opts.now ?? Date.now;
  const build = () => createClientForAdapter({ config, adapter, log, version: codeVersion(), maxRetryAfterMs: opts.maxRetryAfterMs });
  let client = build();
  let builtAt = now();
  const current = (): PoliteClient => {
    if (now() - builtAt > maxAgeMs) {
      client = build();
      builtAt = now();
    }
    return client;
  };
  return {
    get userAgent() {
      return current().userAgent;
    },
    get: (url, o) => current().get(url, o),
    readRobots: (url) => current().readRobots(url),
  };
}
