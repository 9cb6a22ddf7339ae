import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTING_PATH, startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { loadSampleCatalog } from '../../src/sample-publisher/dataset/index.ts';
import { DRIFTED_YOY_HEADING } from '../../src/sample-publisher/pdf/index.ts';
import type { SampleReleaseInfo } from '../../src/sample-publisher/types.ts';

/**
 * The site with its defaults — the repository's sample dataset and the real release renderer —
 * as `distretti sample-publisher` runs it. A crawler's-eye walk: listing → gate → PDF → text.
 */

const run = promisify(execFile);
const AS_OF = '2025-12-31';
let site: SamplePublisher;
let newest: SampleReleaseInfo;
let dir: string;

beforeAll(async () => {
  const catalog = await loadSampleCatalog();
  newest = catalog.releases().filter((r) => r.publishedOn <= AS_OF).at(-1)!;
  site = await startSamplePublisher({ asOf: AS_OF });
  dir = await mkdtemp(join(tmpdir(), 'distretti-site-'));
});
afterAll(async () => {
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function cards(page: number): Promise<{ title: string; date: string; href: string }[]> {
  const $ = load(await (await fetch(`${site.url}${LISTING_PATH}?page=${page}`)).text());
  return $('article.research-card').toArray().map((el) => ({
    title: $(el).find('.research-card__title').text(),
    date: $(el).find('time').attr('datetime') ?? '',
    href: $(el).find('a.research-card__download').attr('href') ?? '',
  }));
}

/** Through the gate the way a browser does: redirect → disclaimer → "Accetto" → PDF. */
async function download(href: string): Promise<Buffer> {
  const gate = await fetch(`${site.url}${href}`, { redirect: 'manual' });
  expect(gate.status).toBe(302);
  const $ = load(await (await fetch(`${site.url}${gate.headers.get('location')}`)).text());
  const accept = await fetch(`${site.url}${$('a.disclaimer__accept').attr('href')}`, { redirect: 'manual' });
  const cookie = accept.headers.get('set-cookie')!.split(';')[0]!;
  const res = await fetch(`${site.url}${accept.headers.get('location')}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  return Buffer.from(await res.arrayBuffer());
}

async function pdftotext(pdf: Buffer, name: string): Promise<string> {
  const file = join(dir, `${name}.pdf`);
  await writeFile(file, pdf);
  return (await run('pdftotext', ['-layout', file, '-'])).stdout;
}

const DOTS = (iso: string): string => iso.split('-').reverse().join('.');

describe('sample publisher with the real dataset and renderer', () => {
  it('lists every release with the spellings of the real series, newest first', async () => {
    const all: { title: string; date: string; href: string }[] = [];
    for (let page = 1; ; page++) {
      const c = await cards(page);
      if (c.length === 0) break;
      all.push(...c);
    }
    const er = all.filter((c) => /Emilia.Romagna/.test(c.title));
    const catalog = await loadSampleCatalog();
    expect(er).toHaveLength(catalog.releases().filter((r) => r.publishedOn <= AS_OF).length);
    expect(er[0]!.date).toBe(newest.publishedOn);
    expect(new Set(er.map((c) => c.title))).toEqual(
      new Set(["Monitor dei Distretti dell'Emilia-Romagna", "Monitor dei Distretti dell'Emilia Romagna", 'Monitor dei Distretti dell\u2019Emilia-Romagna']),
    );
  });

  it('serves the newest release through the gate as a readable monitor PDF, and its drifted variant on demand', async () => {
    const card = (await cards(1)).find((c) => c.date === newest.publishedOn && /Emilia.Romagna/.test(c.title))!;
    expect(decodeURIComponent(card.href).endsWith(`/${newest.fileName}`)).toBe(true);
    const text = await pdftotext(await download(card.href), 'normal');
    expect(text).toMatch(/Monitor dei Distretti/);
    expect(text).toContain(`aggiornati al ${DOTS(newest.dataCutoff)}`);
    // The heading wraps over two lines in the table header ("Tasso di" / "variazione").
    const driftedMark = DRIFTED_YOY_HEADING.split(' ').slice(0, 2).join(' ');
    expect(text).not.toContain(driftedMark);

    site.setFault({ kind: 'drifted-release' });
    try {
      const drifted = await pdftotext(await download(card.href), 'drifted');
      expect(drifted).toContain(driftedMark);
      expect(drifted).toContain(`aggiornati al ${DOTS(newest.dataCutoff)}`);
    } finally {
      site.setFault(null);
    }
  });
});
