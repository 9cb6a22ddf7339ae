import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { assembleBriefData } from '../../src/report/assemble.ts';
import { renderBrief } from '../../src/report/render.ts';
import { createThreadRenderer, RenderThreadError, type ThreadRenderer } from '../../src/report/render-thread.ts';
import type { BriefData } from '../../src/report/types.ts';
import { insertFixture } from './fixture.ts';

const OPTS = { runId: 'run-thread-test', codeVersion: '0.1.0+test' };

describe('the off-thread brief renderer (workers draw briefs without blocking their event loop)', () => {
  let t: TestDb;
  let data: BriefData;
  let renderer: ThreadRenderer;
  beforeAll(async () => {
    t = await createTestDb();
    await insertFixture(t.db, { source: 'sample' });
    data = await assembleBriefData(t.db, { entitySlug: 'biomedicale-mirandola' });
    renderer = createThreadRenderer();
  });
  afterAll(async () => {
    await renderer.close();
    await t.close();
  });

  it('gives the same bytes as rendering on the calling thread, for concurrent requests too', async () => {
    const [it1, en1] = await Promise.all([renderer.render(data, { lang: 'it', ...OPTS }), renderer.render(data, { lang: 'en', ...OPTS })]);
    expect(it1.equals(await renderBrief(data, { lang: 'it', ...OPTS }))).toBe(true);
    expect(en1.equals(await renderBrief(data, { lang: 'en', ...OPTS }))).toBe(true);
    expect(it1.equals(en1)).toBe(false);
  }, 120_000);

  it('reports a render error as an error of this thread, and keeps working after it', async () => {
    const broken = { ...data, entity: undefined } as unknown as BriefData;
    const err = await renderer.render(broken, { lang: 'it', ...OPTS }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message.length).toBeGreaterThan(0);
    const again = await renderer.render(data, { lang: 'it', ...OPTS });
    expect(again.subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);

  it('fails pending renders as retryable when the thread dies (out of memory here)', async () => {
    const tight = createThreadRenderer({ resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 } });
    try {
      const err = await tight.render(data, { lang: 'it', ...OPTS }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RenderThreadError);
      expect((err as RenderThreadError).disposition).toBe('retryable');
    } finally {
      await tight.close();
    }
  }, 120_000);
});
