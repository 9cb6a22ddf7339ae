import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { syncRegistry } from '../../db/queries/entities.ts';
import { EMILIA_ROMAGNA } from '../../src/domain/registry/index.ts';
import { buildWebServer } from '../../src/web/server.ts';
import { silentLogger } from '../../src/log.ts';

describe('analysts web', () => {
  let t: TestDb;
  let app: ReturnType<typeof buildWebServer>;
  const pdf = Buffer.from('%PDF-1.7\n% a stored brief\n%%EOF\n');
  const sha = createHash('sha256').update(pdf).digest('hex');
  let briefId: number;

  beforeAll(async () => {
    t = await createTestDb();
    const ids = await syncRegistry(t.db, EMILIA_ROMAGNA);
    const row = await t.db
      .insertInto('briefs')
      .values({
        entity_id: ids.get('Biomedicale di Mirandola')!,
        period_year: 2025,
        period_quarter: 1,
        lang: 'it',
        inputs_hash: 'h1',
        sha256: sha,
        bytes: pdf,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    briefId = row.id;
    app = buildWebServer({ db: t.db, log: silentLogger() });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('lists briefs as JSON and HTML', async () => {
    const json = await app.inject({ url: '/briefs' });
    expect(json.statusCode).toBe(200);
    const body = json.json() as { briefs: Array<{ id: number; entity: string; period: string; lang: string; byteSize: number }> };
    expect(body.briefs).toEqual([
      expect.objectContaining({ id: briefId, entity: 'Biomedicale di Mirandola', period: '2025Q1', lang: 'it', byteSize: pdf.length }),
    ]);
    const html = await app.inject({ url: '/' });
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain(`/briefs/${briefId}.pdf`);
    expect(html.body).toContain('Biomedicale di Mirandola');
  });

  it('downloads a brief with its hash as ETag and answers 304 to a matching If-None-Match', async () => {
    const r = await app.inject({ url: `/briefs/${briefId}.pdf` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toBe('attachment; filename="biomedicale-mirandola-2025Q1-it.pdf"');
    expect(r.rawPayload.equals(pdf)).toBe(true);
    expect(r.headers.etag).toBe(`"${sha}"`);
    const again = await app.inject({ url: `/briefs/${briefId}.pdf`, headers: { 'if-none-match': `"${sha}"` } });
    expect(again.statusCode).toBe(304);
  });

  it('answers 404 for an unknown brief and 400 for a malformed id', async () => {
    expect((await app.inject({ url: '/briefs/999999.pdf' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/briefs/abc.pdf' })).statusCode).toBe(400);
    expect((await app.inject({ url: '/health' })).json()).toEqual({ ok: true });
  });
});
