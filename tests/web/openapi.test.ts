import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '@readme/openapi-parser';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { bearer, startWebFixture, type WebFixture } from './web-fixture.ts';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let w: WebFixture;
let doc: { openapi: string; paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; required?: boolean }>; requestBody?: unknown; responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };

beforeAll(async () => {
  w = await startWebFixture();
  doc = (await w.app.inject({ url: '/api/openapi.json', headers: bearer(w.tokens.analyst) })).json();
}, 60_000);
afterAll(async () => {
  await w?.close();
});

/** A realistic value for every documented parameter, so each path can be called as documented. */
function example(name: string): string {
  const values: Record<string, string> = {
    slug: 'biomedicale-mirandola',
    id: String(w.quarantinedId),
    period: '2024Q4',
    metric: 'exports_meur',
    as_of: String(w.fx.n68.id),
    release: String(w.fx.n68.id),
    status: 'loaded',
    entity: 'biomedicale-mirandola',
    language: 'it',
  };
  return values[name] ?? '';
}

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3 document', async () => {
    expect(doc.openapi).toMatch(/^3\./);
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, JSON.stringify(result)).toBe(true);
    expect(result.specification).toBe('OpenAPI');
    // The validator does reject a broken copy (so the check above can fail).
    const broken = structuredClone(doc) as Record<string, unknown>;
    delete broken.info;
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it('documents every /api route and only those', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/briefs',
      '/api/briefs/requests/{id}',
      '/api/entities',
      '/api/entities/{slug}/lineage',
      '/api/entities/{slug}/revisions',
      '/api/entities/{slug}/series',
      '/api/releases',
      '/api/releases/{id}',
    ]);
  });

  it('every documented path answers as described (status and response schema)', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        let url = path;
        const query = new URLSearchParams();
        for (const p of op.parameters ?? []) {
          if (p.in === 'path') url = url.replace(`{${p.name}}`, p.name === 'id' && path.includes('requests') ? `b-${w.briefs.it}` : example(p.name));
          else if (p.in === 'query') query.set(p.name, example(p.name));
        }
        const full = query.size ? `${url}?${query}` : url;
        const payload = op.requestBody ? { entity: 'biomedicale-mirandola', period: '2025Q1', language: 'en' } : undefined;
        const res = await w.app.inject({ method: method.toUpperCase() as 'GET' | 'POST', url: full, headers: bearer(w.tokens.analyst), ...(payload ? { payload } : {}) });
        const documented = op.responses[String(res.statusCode)];
        expect(documented, `${method} ${full} → ${res.statusCode} is documented`).toBeDefined();
        expect(res.statusCode, `${method} ${full}: ${res.body.slice(0, 200)}`).toBeLessThan(300);
        const schema = documented!.content?.['application/json']?.schema;
        expect(schema, `${method} ${full} has a JSON schema`).toBeDefined();
        const ok = ajv.validate(schema!, res.json());
        expect(ok, `${method} ${full}: ${ajv.errorsText()}`).toBe(true);
        // And without credentials the documented 401.
        const anon = await w.app.inject({ method: method.toUpperCase() as 'GET' | 'POST', url: full, ...(payload ? { payload } : {}) });
        expect(anon.statusCode).toBe(401);
        expect(ajv.validate(op.responses['401']!.content!['application/json']!.schema, anon.json()), ajv.errorsText()).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(9);
  });

  it('carries the drift report of a quarantined release through the response schema', async () => {
    const r = await w.app.inject({ url: `/api/releases/${w.quarantinedId}`, headers: bearer(w.tokens.analyst) });
    expect(r.json()).toMatchObject({ release: { status: 'quarantined', noteNumber: 'n. 70' }, quarantine: { code: 'EXTRACT_LAYOUT_DRIFT', context: { page: 4 } } });
    const ok = await w.app.inject({ url: `/api/releases/${w.fx.n69.id}`, headers: bearer(w.tokens.analyst) });
    expect(ok.json()).toMatchObject({ release: { status: 'loaded' }, quarantine: null });
  });

  it('documents Bearer authentication', () => {
    expect(doc).toMatchObject({ components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } }, security: [{ bearerAuth: [] }] });
  });
});
