import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';
import { startWebFixture, type WebFixture } from './web-fixture.ts';

/**
 * Issue 11 "Done when": a real browser (Debian's Chromium, `.ci/run` installs it) logs in,
 * filters the catalogue, downloads a brief, requests a new one and watches it complete,
 * and logs out — with no JavaScript of ours on the pages.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let w: WebFixture;
let browser: Browser;
let base: string;

beforeAll(async () => {
  w = await startWebFixture();
  await w.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = w.app.server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await w?.close();
});

describe('the catalogue in Chromium', () => {
  it('log in, filter, download a PDF, request a new brief and watch it complete, log out', async () => {
    const context = await browser.newContext({ acceptDownloads: true, locale: 'en-GB', javaScriptEnabled: false });
    const page = await context.newPage();

    // Anonymous: sent to the login page, which brings us back after logging in.
    await page.goto(`${base}/?lang=en`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Personal token').fill(w.tokens.analyst);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Available briefs');
    expect(await page.locator('tbody tr').count()).toBe(2);

    // Filter: English only.
    await page.getByLabel('Language').selectOption('en');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/language=en/);
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('English');
    expect(await rows.first().textContent()).toContain('n. 69');

    // Download the brief: a real PDF with its file name.
    const [download] = await Promise.all([page.waitForEvent('download'), rows.first().getByRole('link', { name: 'PDF' }).click()]);
    expect(download.suggestedFilename()).toBe('brief-biomedicale-mirandola-2025Q1-en.pdf');
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(20_000);

    // Request a brief never rendered: progress page, refreshed by itself until ready.
    await page.getByRole('link', { name: 'Request a brief', exact: true }).first().click();
    await page.getByLabel('District / hub').selectOption('biomedicale-bologna');
    await page.getByLabel('Quarter').selectOption('2024Q4');
    await page.getByLabel('Language').selectOption('it');
    await page.getByRole('button', { name: 'Request' }).click();
    await page.waitForURL(/\/briefs\/requests\/p-/);
    await page.locator('[data-state="ready"]').waitFor({ timeout: 60_000 });
    const [fresh] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'PDF' }).click()]);
    expect(fresh.suggestedFilename()).toBe('brief-biomedicale-bologna-2024Q4-it.pdf');
    expect((await readFile((await fresh.path())!)).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // Log out: the session is gone, the catalogue asks for a login again.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${base}/login`);
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  }, 120_000);
});
