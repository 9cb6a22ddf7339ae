/**
 * Screenshots of the web as people see it (house rule: look at what you make), in Chromium:
 * the catalogue at laptop and phone widths, an entity page, a quarantined release, the
 * request progress page and Bull Board. Not a test; run by hand:
 *
 *   npx tsx tests/web/screenshots.ts var/screenshots
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startWebFixture } from './web-fixture.ts';
import { startTestQueue, type TestQueue } from '../helpers/queue.ts';
import { testPipelineDeps } from '../helpers/pipeline.ts';
import { createBriefRequester } from '../../src/web/brief-requests.ts';
import { createOperatorActions } from '../../src/web/operator-actions.ts';
import { silentLogger } from '../../src/log.ts';

const out = process.argv[2] ?? 'var/screenshots';
mkdirSync(out, { recursive: true });
let q: TestQueue | undefined;
let cleanup = () => undefined as void;
const w = await startWebFixture(async (db) => {
  const deps = await testPipelineDeps(db, 'http://127.0.0.1:9');
  cleanup = deps.cleanup;
  q = await startTestQueue(deps, { concurrency: 1 });
  // Some history for the board: one completed render and one failed re-parse.
  const ok = await q.enqueuer.add('render-brief', { requestId: 'shot', entitySlug: 'ict-bologna-modena', year: 2025, quarter: 1, lang: 'it' });
  const bad = await q.enqueuer.add('reparse-release', { releaseId: 424242 });
  for (const id of [ok, bad]) await (await q.enqueuer.queue.getJob(id))!.waitUntilFinished(q.events, 60_000).catch(() => undefined);
  return { briefs: createBriefRequester({ db, log: silentLogger(), codeVersion: 'test', enqueuer: q.enqueuer }), operator: createOperatorActions({ enqueuer: q.enqueuer }), queue: q.enqueuer.queue };
});
await w.app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(w.app.server.address() as { port: number }).port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const shot = async (name: string, path: string, viewport: { width: number; height: number }, fullPage = true) => {
  const ctx = await browser.newContext({ viewport, extraHTTPHeaders: { authorization: `Bearer ${w.tokens.operator}` }, deviceScaleFactor: 1 });
  const page = await ctx.newPage();
  await page.goto(base + path);
  await page.waitForTimeout(path.startsWith('/admin/queues') ? 2500 : 100);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage });
  await ctx.close();
  console.log(join(out, `${name}.png`));
};
await shot('catalogue-desktop', '/?lang=it', { width: 1280, height: 800 });
await shot('catalogue-phone', '/?lang=en', { width: 390, height: 844 });
await shot('entity-desktop', '/entities/biomedicale-mirandola?lang=it', { width: 1280, height: 800 });
await shot('entity-phone', '/entities/biomedicale-mirandola?lang=en', { width: 390, height: 844 });
await shot('release-quarantined', `/releases/${w.quarantinedId}?lang=en`, { width: 1280, height: 800 });
await shot('request-form', '/briefs/new?lang=en', { width: 390, height: 844 });
await shot('admin-releases', '/admin/releases?lang=en', { width: 1280, height: 800 });
await shot('board', '/admin/queues', { width: 1280, height: 800 }, false);
await browser.close();
await w.close();
await q?.close();
cleanup();
