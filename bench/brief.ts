/**
 * Benchmark: the default brief (Biomedicale di Mirandola, latest quarter) rendered with
 * pdfkit (`renderBrief`) vs the same content as HTML printed to PDF by Debian's Chromium
 * (playwright-core, executablePath /usr/bin/chromium) — a reused browser and a browser
 * launched per brief — all in the same run. Prints medians, ratios, peak RSS and the machine.
 * Chromium is a benchmark peer only, never a runtime dependency.
 *
 *   npm run bench:brief            # defaults: 20 pdfkit / 20 reused / 5 launched, 3 warm-ups
 *   npm run bench:brief -- --runs 30 --launch-runs 8 --json out.json
 *
 * Needs the test Postgres (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test):
 * the fixture lives in a throwaway schema that is dropped at the end.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { chromium, type Browser } from 'playwright-core';
import { createTestDb } from '../tests/helpers/db.ts';
import { insertFixture } from '../tests/report/fixture.ts';
import { assembleBriefData } from '../src/report/assemble.ts';
import { renderBrief } from '../src/report/render.ts';
import { computeKeyMessages, hubsAverage, pointAt } from '../src/report/key-messages.ts';
import { chartSpecs, chartToSvg } from '../src/report/charts.ts';
import { displayName, LABELS, methodology } from '../src/report/i18n.ts';
import { formatDate, formatLevel, formatPct, quarterLong, quarterShort } from '../src/report/format.ts';
import type { BriefData, BriefLang } from '../src/report/types.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const RUNS = arg('runs', 20);
const LAUNCH_RUNS = arg('launch-runs', 5);
const WARMUP = arg('warmup', 3);
const jsonAt = process.argv.indexOf('--json');
const JSON_OUT = jsonAt > 0 ? process.argv[jsonAt + 1] : undefined;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The brief's content as one HTML document (same sections, charts, tables and notes). */
export async function briefHtml(data: BriefData, lang: BriefLang, runId: string, codeVersion: string): Promise<string> {
  const L = LABELS[lang];
  const name = displayName(data.entity, data, lang);
  const charts = chartSpecs(data, lang);
  const svgs: string[] = [];
  for (const c of charts) svgs.push(await chartToSvg(c));
  const ents = data.regionalTotal ? [...data.peers, data.regionalTotal] : [...data.peers];
  const kf = ents
    .map((e) => {
      const c = pointAt(data, e.slug, data.year, data.quarter);
      const p = pointAt(data, e.slug, data.year - 1, data.quarter);
      return `<tr><td>${esc(displayName(e, data, lang))}</td><td class=n>${formatLevel(p?.exportsMeur ?? null, lang)}</td><td class=n>${formatLevel(c?.exportsMeur ?? null, lang)}</td><td class=n>${formatPct(c?.yoyPct ?? null, lang)}</td></tr>`;
    })
    .join('');
  const avg = hubsAverage(data);
  const quarters = data.series.filter((p) => p.slug === data.entity.slug).reverse();
  const qTable = quarters
    .map((q) => `<tr><td>${quarterShort(q.year, q.quarter, lang)}</td>${ents.map((e) => { const p = pointAt(data, e.slug, q.year, q.quarter); return `<td class=n>${formatLevel(p?.exportsMeur ?? null, lang)}</td><td class=n>${formatPct(p?.yoyPct ?? null, lang)}</td>`; }).join('')}</tr>`)
    .join('');
  const ranked = data.latestYoy.map((x, i) => `<tr${x.slug === data.entity.slug ? ' class=b' : ''}><td class=n>${i + 1}</td><td>${esc(x.name)}</td><td>${x.kind === 'polo' ? L.kindHub : L.kindDistrict}</td><td class=n>${formatPct(x.yoyPct, lang)}</td><td class=n>${formatLevel(x.exportsMeur, lang)}</td></tr>`).join('');
  const sources = data.releases.map((r) => `<p><b>${esc(r.title)} – ${L.noteNumber} ${esc(r.noteNumber ?? '')}, ${L.dataCutoff} ${formatDate(r.dataCutoff, lang)}</b><br>${L.url}: ${esc(r.url ?? '–')}<br>${L.documentHash}: ${r.documentSha256 ?? '–'}<br>${L.pages}: ${r.pages.join(', ')}</p>`).join('');
  const source = esc(L.sourceLine(data));
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(`${L.docTitle}: ${name}`)}</title><style>
@page { size: A4; margin: 24mm 18mm 22mm 18mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; color: #1d1d1d; }
.notice { position: fixed; top: -14mm; left: 0; right: 0; background: #fbe3e1; color: #7a1f1d; font-weight: bold; text-align: center; font-size: 8pt; padding: 2pt; }
.foot { position: fixed; bottom: -14mm; left: 0; right: 0; font-size: 7pt; color: #5f5f5f; border-top: 0.4pt solid #bbb; }
h1 { color: #7a1f1d; font-size: 22pt; margin: 0; } h2 { color: #7a1f1d; font-size: 14pt; border-bottom: 0.6pt solid #7a1f1d; }
table { border-collapse: collapse; width: 100%; font-size: 7.5pt; } th { text-align: left; border-bottom: 0.8pt solid #1d1d1d; } td.n, th.n { text-align: right; }
tr:nth-child(even) td { background: #f3f3f3; } tr.b td { font-weight: bold; } .src { font-size: 7pt; color: #5f5f5f; }
.page { break-before: page; } svg { max-width: 100%; height: auto; }
</style></head><body>
${data.sample ? `<div class=notice>${esc(L.sampleNotice)}</div>` : ''}
<div class=foot>${esc(L.runId)} ${esc(runId)} · ${esc(codeVersion)} · ${esc(data.release.noteNumber ?? '')} (${formatDate(data.release.dataCutoff, lang)})</div>
<h1>${esc(name)}</h1><p>${esc(`${L.docTitle} ${L.subtitle}`)}</p>
<p><b>${L.referencePeriod}</b> ${quarterLong(data.year, data.quarter, lang)}<br><b>${L.basedOn}</b> ${esc(data.release.title)}, ${L.noteNumber} ${esc(data.release.noteNumber ?? '')}<br><b>${L.dataCutoff}</b> ${formatDate(data.release.dataCutoff, lang)}</p>
<h2>${L.keyMessages}</h2><ul>${computeKeyMessages(data, lang).map((m) => `<li>${esc(m.text)}</li>`).join('')}</ul>
<h3>${L.keyFigures}</h3><table><tr><th>${L.entityCol}</th><th class=n>${L.exportsCol}</th><th class=n>${L.exportsCol}</th><th class=n>${L.yoyCol}</th></tr>${kf}${avg ? `<tr><td>${L.hubsAverageLabel}</td><td></td><td></td><td class=n>${formatPct(avg.mean, lang)}</td></tr>` : ''}</table><p class=src>${source}</p>
${charts.map((c, i) => `<div${i % 2 === 0 ? ' class=page' : ''}><h3>${i + 1}. ${esc(c.title)}</h3>${c.subtitle ? `<p class=src>${esc(c.subtitle)}</p>` : ''}${svgs[i]}<p class=src>${source} ${esc(L.attachment(c.dataset.file))}</p></div>`).join('')}
<div class=page><h3>${esc(L.tableQuarterly)}</h3><table><tr><th></th>${ents.map((e) => `<th class=n colspan=2>${esc(displayName(e, data, lang))}</th>`).join('')}</tr>${qTable}</table><p class=src>${source}</p>
<h3>${esc(L.tableRanked)}</h3><table><tr><th class=n>${L.rankCol}</th><th>${L.entityCol}</th><th>${L.kindCol}</th><th class=n>${L.yoyCol}</th><th class=n>${L.exportsCol}</th></tr>${ranked}</table><p class=src>${source}</p></div>
<div class=page><h2>${L.notes}</h2><h3>${L.methodologyTitle}</h3>${methodology(data, lang).map((p) => `<p>${esc(p)}</p>`).join('')}
<h3>${L.revisionsTitle}</h3><p>${esc(computeKeyMessages(data, lang).find((m) => m.kind === 'revisions')!.text)}</p>
<h2>${L.sources}</h2>${sources}<h2>${L.reproTitle}</h2><p>${L.runId}: ${esc(runId)}<br>${L.codeVersion}: ${esc(codeVersion)}<br>${L.dataVintage}: ${esc(data.release.noteNumber ?? '')}</p></div>
</body></html>`;
}

/** Resident memory of this process plus every descendant (Chromium's processes), in bytes. */
function treeRss(): number {
  const kids = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const status = readFileSync(`/proc/${d}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      rss.set(Number(d), m ? Number(m[1]) * 1024 : 0);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch {
      // The process ended while we read it.
    }
  }
  let total = 0;
  const stack = [process.pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += rss.get(p) ?? 0;
    stack.push(...(kids.get(p) ?? []));
  }
  return total;
}

/** Runs `fn` `runs` times after `warmup` untimed runs; samples peak RSS of the process tree. */
async function measure(label: string, runs: number, warmup: number, fn: () => Promise<number>) {
  for (let i = 0; i < warmup; i++) await fn();
  let peak = treeRss();
  const timer = setInterval(() => (peak = Math.max(peak, treeRss())), 25);
  const ms: number[] = [];
  let bytes = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      bytes = await fn();
      ms.push(performance.now() - t0);
      peak = Math.max(peak, treeRss());
    }
  } finally {
    clearInterval(timer);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return { label, runs, medianMs: median, minMs: sorted[0]!, maxMs: sorted.at(-1)!, peakRssMb: peak / 2 ** 20, pdfBytes: bytes };
}

export async function printWith(browser: Browser, html: string): Promise<number> {
  const page = await browser.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return pdf.length;
  } finally {
    await page.close();
  }
}

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (benchmark peer only)`);
  const t = await createTestDb();
  try {
    await insertFixture(t.db, { source: 'sample' });
    const data = await assembleBriefData(t.db, { entitySlug: 'biomedicale-mirandola' });
    const lang: BriefLang = 'it';
    const codeVersion = 'bench';
    let n = 0;
    const runId = () => `bench-${++n}`; // a fresh run id per brief: no output can be reused

    const load0 = os.loadavg();
    const pdfkit = await measure('pdfkit (renderBrief)', RUNS, WARMUP, async () => (await renderBrief(data, { lang, runId: runId(), codeVersion })).length);
    const html = await measure('HTML build only (charts + markup)', RUNS, WARMUP, async () => (await briefHtml(data, lang, runId(), codeVersion)).length);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const version = browser.version();
    let reused;
    try {
      reused = await measure('Chromium, browser reused', RUNS, WARMUP, async () => printWith(browser, await briefHtml(data, lang, runId(), codeVersion)));
    } finally {
      await browser.close();
    }
    const launched = await measure('Chromium, launched per brief', LAUNCH_RUNS, 1, async () => {
      const b = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      try {
        return await printWith(b, await briefHtml(data, lang, runId(), codeVersion));
      } finally {
        await b.close();
      }
    });
    const load1 = os.loadavg();

    const results = [pdfkit, html, reused, launched];
    const machine = {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      platform: `${os.type()} ${os.release()}`,
      chromium: version,
      loadAvg1mBefore: load0[0],
      loadAvg1mAfter: load1[0],
    };
    const ratios = { reusedOverPdfkit: reused.medianMs / pdfkit.medianMs, launchedOverPdfkit: launched.medianMs / pdfkit.medianMs };
    console.log(`\nBrief benchmark — ${data.entity.name} ${data.year}Q${data.quarter} (${lang}), same run`);
    console.log(`machine: ${machine.cpu} × ${machine.cores}, ${machine.memGb} GB, ${machine.platform}, Node ${machine.node}, Chromium ${machine.chromium}`);
    console.log(`load average (1 min) before/after: ${load0[0]!.toFixed(2)} / ${load1[0]!.toFixed(2)}\n`);
    console.log('| renderer | runs | median ms | min ms | max ms | peak RSS MB (process tree) | PDF bytes |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of results) console.log(`| ${r.label} | ${r.runs} | ${r.medianMs.toFixed(1)} | ${r.minMs.toFixed(1)} | ${r.maxMs.toFixed(1)} | ${r.peakRssMb.toFixed(0)} | ${r.pdfBytes} |`);
    console.log(`\nratio Chromium reused / pdfkit:    ${ratios.reusedOverPdfkit.toFixed(1)}× (goal ≥ 3×)`);
    console.log(`ratio Chromium launched / pdfkit:  ${ratios.launchedOverPdfkit.toFixed(1)}× (goal ≥ 20×)`);
    if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ machine, results, ratios }, null, 2));
  } finally {
    await t.close();
  }
}

// Run only as a program (the bench suite imports the HTML builder).
if (import.meta.url === `file://${process.argv[1]}`) await main();
