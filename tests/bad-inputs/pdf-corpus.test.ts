import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { isDistrettiError, type DistrettiError } from '../../src/errors/distretti-error.ts';
import { storeRawDocument } from '../../src/extract/raw-store.ts';
import { createPdfSandbox, pdfLimitsFrom, type PdfParser } from '../../src/extract/pdf-sandbox/index.ts';
import { ingestStoredDocument } from '../../src/pipeline/ingest.ts';
import type { PipelineDeps } from '../../src/pipeline/deps.ts';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import { reparseRelease } from '../../src/pipeline/ingest.ts';
import { loadSampleCatalog } from '../../src/sample-publisher/dataset/index.ts';
import { renderReleasePdf } from '../../src/sample-publisher/pdf/index.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { BAD_PDFS, sampleWithBrokenXref } from './pdf-corpus.ts';

const HINT = { series: 'monitor-distretti-emilia-romagna', region: 'emilia-romagna' };

/**
 * Issue 12's malformed files through the real ingest (worker-thread parse, real PostgreSQL):
 * each fails with a typed error, is recorded as a quarantined release with its raw bytes, and
 * loads nothing; the process and the next parse go on.
 */
describe('bad-input corpus: malformed PDFs through ingest', () => {
  let t: TestDb;
  let deps: PipelineDeps & { cleanup(): void };
  let pdf: PdfParser;
  const tally = { tried: 0, handled: 0, unidentified: 0 };

  beforeAll(async () => {
    t = await createTestDb();
    pdf = createPdfSandbox(pdfLimitsFrom(loadConfig({})));
    deps = { ...(await testPipelineDeps(t.db, 'http://127.0.0.1:9')), pdf };
  });
  afterAll(async () => {
    console.log(`bad-input corpus (PDF): ${tally.tried} inputs tried, ${tally.handled} handled`);
    await pdf?.close();
    deps?.cleanup();
    await t?.close();
  });

  const observations = async () => Number((await t.db.selectFrom('observations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  for (const c of BAD_PDFS) {
    it(`${c.name} → ${c.codes.join(' or ')}`, async () => {
      tally.tried++;
      const bytes = await c.bytes();
      const { sha256 } = await storeRawDocument(t.db, { bytes, contentType: 'application/pdf' });
      const started = performance.now();
      const err = await ingestStoredDocument(deps, { sha256, url: null, source: 'file', hint: HINT }).then(
        () => new Error('ingested without error'),
        (e: unknown) => e,
      );
      const ms = Math.round(performance.now() - started);
      expect(isDistrettiError(err), String(err)).toBe(true);
      const e = err as DistrettiError;
      expect(c.codes).toContain(e.code);
      expect(e.disposition).toBe('not-retryable');

      // Recorded where an operator looks (`distretti releases`), with its bytes, and the message says so.
      const rows = await t.db.selectFrom('releases').select(['id', 'status', 'status_detail']).where('document_sha256', '=', sha256).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.status).toBe('quarantined');
      expect(JSON.stringify(rows[0]!.status_detail)).toContain(e.code);
      expect(e.message).toMatch(new RegExp(`release ${rows[0]!.id}\\b.*quarantined`, 's'));
      if (e.code !== 'RELEASE_QUARANTINED') expect(e.message).toContain(`Stored as document ${sha256}`);
      expect(await observations()).toBe(0);
      tally.handled++;
      if (e.code !== 'RELEASE_QUARANTINED') tally.unidentified++;
      console.log(`  ${c.name}: ${e.code} in ${ms} ms (${bytes.length} bytes)`);
    }, 60_000);
  }

  it('parses and loads a good release afterwards: the killed worker thread was replaced', async () => {
    const catalog = loadSampleCatalog();
    const info = catalog.release('er-2025Q1')!;
    const bytes = await renderReleasePdf(info, catalog.figures(info.id));
    const { sha256 } = await storeRawDocument(t.db, { bytes, contentType: 'application/pdf' });
    const outcome = await ingestStoredDocument(deps, { sha256, url: null, source: 'file', hint: HINT });
    expect(outcome.status).toBe('loaded');
    expect(await observations()).toBe(outcome.observationsInserted);
    expect(outcome.observationsInserted).toBeGreaterThan(100);
  }, 60_000);

  it('reads every figure of a release whose xref is broken (pdf.js rebuilds it)', async () => {
    const catalog = loadSampleCatalog();
    const info = catalog.release('er-2025Q1')!;
    const intact = await pdf.extract(await renderReleasePdf(info, catalog.figures(info.id)), HINT);
    const repaired = await pdf.extract(await sampleWithBrokenXref(), HINT);
    const key = (r: typeof intact) => r.figures.map((f) => `${f.entity}|${f.metric}|${f.period.year}-${f.period.lastMonth}|${f.value}`).sort();
    expect(key(repaired)).toEqual(key(intact));
  }, 60_000);

  it('records each unreadable document once, as an unidentified release (cover unknown)', async () => {
    const rows = await t.db.selectFrom('releases').select(['id', 'status']).where('cover_year', 'is', null).execute();
    expect(rows).toHaveLength(tally.unidentified);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['quarantined']));
  });

  it('an unidentified quarantined document, once readable, is re-parsed into its own release and the stub goes', async () => {
    const catalog = loadSampleCatalog();
    const info = catalog.release('er-2024Q2')!;
    const bytes = await renderReleasePdf(info, catalog.figures(info.id));
    const { sha256 } = await storeRawDocument(t.db, { bytes, contentType: 'application/pdf' });
    // A registry that does not know Mirandola yet: the row label is unknown, nothing is loaded.
    const withoutMirandola = {
      ...EMILIA_ROMAGNA,
      entities: EMILIA_ROMAGNA.entities.map((e) => (e.name === 'Biomedicale di Mirandola' ? { ...e, name: 'Zz', aliases: [] } : e)),
    };
    const err = await ingestStoredDocument({ ...deps, registryFor: () => withoutMirandola }, { sha256, url: null, source: 'file', hint: HINT }).catch((e: unknown) => e);
    expect((err as DistrettiError).code).toBe('EXTRACT_UNKNOWN_ENTITY');
    const stub = await t.db.selectFrom('releases').select(['id', 'cover_year', 'status']).where('document_sha256', '=', sha256).executeTakeFirstOrThrow();
    expect(stub).toMatchObject({ cover_year: null, status: 'quarantined' });

    // The registry learns the name (the operator's fix); reparse reads it into its natural-key row.
    const outcome = await reparseRelease(deps, stub.id);
    expect(outcome.status).toBe('loaded');
    const rows = await t.db.selectFrom('releases').select(['id', 'cover_year', 'cover_month', 'status']).where('document_sha256', '=', sha256).execute();
    expect(rows).toEqual([{ id: outcome.releaseId, cover_year: info.coverYear, cover_month: info.coverMonth, status: 'loaded' }]);
  }, 120_000);
});
