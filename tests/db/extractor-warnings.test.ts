import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import type { ExtractedRelease, ExtractWarning } from '../../src/domain/release.ts';
import { syncRegistry } from '../../db/queries/entities.ts';
import { loadRelease, releaseFindings, warningCounts } from '../../db/queries/releases.ts';
import { validateRelease } from '../../src/transform/validate/index.ts';
import { buildRelease, storeDocument } from './fixtures.ts';

/** Issue 9: the extractor's warnings are stored with the release; a reparse replaces them. */

const ctx = { registry: EMILIA_ROMAGNA };
const prose: ExtractWarning = { kind: 'prose-figure-mismatch', message: 'the text quotes +6,4% ("…") but no change read from the tables has that value', page: 2 };
const note: ExtractWarning = { kind: 'note-number-mismatch', message: 'note n. 70 stands for 2025Q3 …' };

describe('extractor warnings as stored findings', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    await syncRegistry(t.db, EMILIA_ROMAGNA);
  });
  afterAll(async () => {
    await t.close();
  });

  const stored = async (releaseId: number) =>
    (await releaseFindings(t.db, releaseId)).filter((f) => f.severity === 'warning').map((f) => ({ rule: f.rule, details: f.details }));
  const rows = async (releaseId: number) =>
    Number((await sql<{ n: number }>`select count(*)::int as n from validation_findings where release_id = ${releaseId}`.execute(t.db)).rows[0]!.n);

  it('a warning becomes a finding of severity warning, its message and page kept; the release still loads', () => {
    const r: ExtractedRelease = { ...buildRelease({ year: 2023, quarter: 3 }), warnings: [prose] };
    const f = validateRelease(r, ctx).find((x) => x.rule === 'prose-figure-mismatch');
    expect(f).toMatchObject({ severity: 'warning', count: 1, message: 'the text quotes a % change that no table cell holds: 1 item' });
    expect(f?.samples).toEqual([{ entity: '', page: 2, detail: prose.message }]);
  });

  it('loading twice stores them once; a reparse with other warnings replaces them', async () => {
    const base = buildRelease({ year: 2023, quarter: 3 });
    await storeDocument(t.db, base);
    const load = (r: ExtractedRelease) => loadRelease(t.db, { release: r, source: 'test', url: null, findings: validateRelease(r, ctx) });
    const withProse: ExtractedRelease = { ...base, warnings: [prose] };
    const first = await load(withProse);
    expect(first.status).toBe('loaded');
    expect(await stored(first.releaseId)).toEqual([{ rule: 'prose-figure-mismatch', details: { count: 1, samples: [{ entity: '', page: 2, detail: prose.message }] } }]);
    // what `distretti releases` prints in its warnings column
    expect((await warningCounts(t.db)).get(first.releaseId)).toBe(1);
    const n = await rows(first.releaseId);
    const again = await load(withProse);
    expect([again.releaseId, again.releaseChanged, await rows(first.releaseId)]).toEqual([first.releaseId, false, n]);
    // the extractor improved: the prose now matches, the note number does not
    await load({ ...base, warnings: [note] });
    expect((await stored(first.releaseId)).map((f) => f.rule)).toEqual(['note-number-mismatch']);
    await load(base);
    expect(await stored(first.releaseId)).toEqual([]);
  });
});
