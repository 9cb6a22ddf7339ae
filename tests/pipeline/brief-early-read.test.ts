import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { runPipeline } from '../../src/pipeline/run.ts';

/**
 * A run reads the latest brief's data while it walks the listing (issue 13) and uses it only if
 * it then ingests nothing. A run that loads a new note must brief the new quarter, never the
 * data read before the load.
 */
describe("a run's brief data read early", () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  beforeAll(async () => {
    // Up to the 2018Q3 note (January 2019).
    publisher = await startSamplePublisher({ port: 0, asOf: '2019-01-31' });
    t = await createTestDb();
  });
  afterAll(async () => {
    await publisher?.close();
    await t?.close();
  });

  const briefQuarters = async () =>
    (await sql<{ q: string }>`select distinct period_year || 'Q' || period_quarter as q from briefs order by 1`.execute(t.db)).rows.map((r) => r.q);

  it('serves a run with nothing new, and is not used by a run that loads a note', async () => {
    const deps = await testPipelineDeps(t.db, publisher.url);
    try {
      const first = await runPipeline(deps);
      expect(first.ingested.map((i) => i.status)).toEqual(['loaded', 'loaded', 'loaded']);
      expect(first.briefs.map((b) => [b.lang, b.reused, b.path.match(/\d{4}Q\d/)?.[0]])).toEqual([
        ['it', false, '2018Q3'],
        ['en', false, '2018Q3'],
      ]);

      const written = first.briefs.map((b) => statSync(b.path).mtimeMs);
      const again = await runPipeline(deps);
      expect(again.ingested).toEqual([]);
      expect(again.briefs.map((b) => [b.briefId, b.reused])).toEqual(first.briefs.map((b) => [b.briefId, true]));
      // Copies on disk that are already those briefs are left alone…
      expect(again.briefs.map((b) => statSync(b.path).mtimeMs)).toEqual(written);

      // …and a copy damaged or deleted since is written again, from the stored brief.
      const [it, en] = again.briefs;
      writeFileSync(it!.path, 'not the brief');
      rmSync(en!.path);
      const repaired = await runPipeline(deps);
      expect(repaired.briefs.map((b) => [b.briefId, b.reused])).toEqual(first.briefs.map((b) => [b.briefId, true]));
      for (const b of repaired.briefs) expect(createHash('sha256').update(readFileSync(b.path)).digest('hex')).toBe(b.sha256);

      // The 2018Q4 note comes out: this run's early read saw 2018Q3 only.
      publisher.setAsOf('2019-05-31');
      const next = await runPipeline(deps);
      expect(next.ingested.map((i) => i.status)).toContain('loaded');
      expect(next.briefs.map((b) => [b.lang, b.reused, b.path.match(/\d{4}Q\d/)?.[0]])).toEqual([
        ['it', false, '2018Q4'],
        ['en', false, '2018Q4'],
      ]);
      expect(await briefQuarters()).toEqual(['2018Q3', '2018Q4']);
    } finally {
      deps.cleanup();
    }
  }, 180_000);
});
