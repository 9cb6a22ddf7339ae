import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { syncRegistry } from '../../db/queries/entities.ts';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import { getAdapter } from '../../src/extract/adapters/index.ts';
import { createPoliteClient } from '../../src/extract/http/index.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import type { PipelineDeps } from '../../src/pipeline/deps.ts';

/**
 * Real pipeline dependencies for a test: its own database schema, the sample
 * adapter pointed at a running sample publisher, a real HTTP client and a temp
 * directory for briefs (removed by `cleanup`).
 */
export async function testPipelineDeps(
  db: Kysely<Database>,
  publisherUrl: string,
  opts: { log?: Logger; now?: () => Date; maxRetryAfterMs?: number } = {},
): Promise<PipelineDeps & { cleanup(): void }> {
  await syncRegistry(db, EMILIA_ROMAGNA);
  const log = opts.log ?? silentLogger();
  const adapter = getAdapter('sample', { baseUrl: publisherUrl });
  const http = createPoliteClient({
    userAgent: 'distretti-tests/0 (+mailto:tests@example.org)',
    ratePerSecond: 50,
    timeoutMs: 15_000,
    retries: 2,
    maxBytes: 20 * 1024 * 1024,
    allowedHosts: adapter.allowedHosts,
    log,
    backoffBaseMs: 50,
    backoffMaxMs: 500,
    ...(opts.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: opts.maxRetryAfterMs } : {}),
  });
  const outDir = mkdtempSync(join(tmpdir(), 'distretti-briefs-'));
  return {
    db,
    log,
    adapter,
    http,
    outDir,
    codeVersion: 'test',
    now: opts.now ?? (() => new Date('2026-01-01T00:00:00Z')),
    cleanup: () => rmSync(outDir, { recursive: true, force: true }),
  };
}

/**
 * The database contents that must not depend on how the pipeline ran (in-process or
 * via BullMQ): every figure with its vintage's natural key, releases, findings, raw
 * documents and briefs' identities — ids and timestamps excluded.
 */
export async function databaseSnapshot(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const q = async (text: string) => (await sql.raw(text).execute(db)).rows;
  return {
    observations: await q(`
      select r.series, r.cover_year, r.cover_month, e.slug, o.period_year, o.period_first_month, o.period_last_month,
             o.metric, o.value, o.derived, o.page, o.table_id, o.row_label, o.column_label, o.raw_text
      from observations o join releases r on r.id = o.release_id join entities e on e.id = o.entity_id
      order by 1,2,3,4,5,6,7,8`),
    releases: await q(`
      select series, region, cover_year, cover_month, title, note_number, data_cutoff, ref_year, ref_quarter,
             url, document_sha256, status, fingerprint
      from releases order by series, cover_year, cover_month`),
    findings: await q(`
      select r.cover_year, r.cover_month, f.rule, f.severity, f.message
      from validation_findings f join releases r on r.id = f.release_id order by 1,2,3,5`),
    rawDocuments: await q(`select sha256, byte_size from raw_documents order by sha256`),
    releaseEntities: await q(`
      select r.cover_year, r.cover_month, e.slug from release_entities x
      join releases r on r.id = x.release_id join entities e on e.id = x.entity_id order by 1,2,3`),
    briefs: await q(`
      select e.slug, b.period_year, b.period_quarter, b.lang, b.inputs_hash
      from briefs b join entities e on e.id = b.entity_id order by 1,2,3,4`),
  };
}
