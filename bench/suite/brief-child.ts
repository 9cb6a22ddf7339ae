/**
 * One renderer in its own process (the brief suite spawns it, interleaved with the other):
 * renders the brief `runs` times after warm-ups and prints JSON { ms: number[], peakRssMb }.
 * Memory is the renderer's own: this Node process for pdfkit; Chromium's processes (the browser
 * and its children, without this driver) for Chromium, sampled from /proc every 20 ms.
 *
 *   tsx bench/suite/brief-child.ts pdfkit|chromium DATA.json RUNS
 */
import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { renderBrief } from '../../src/report/render.ts';
import type { BriefData } from '../../src/report/types.ts';
import { briefHtml, CHROMIUM, CHROMIUM_ARGS, printWith } from '../brief.ts';

const [renderer, dataFile, runsArg] = process.argv.slice(2);
const data = JSON.parse(readFileSync(dataFile!, 'utf8')) as BriefData;
const runs = Number(runsArg ?? 5);
const OPTS = { runId: 'bench', codeVersion: 'bench' };

/** RSS (bytes) of every descendant of `root`, not counting `root` itself. */
function descendantsRss(root: number): number {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const status = readFileSync(`/proc/${d}/status`, 'utf8');
      parent.set(Number(d), Number(/PPid:\s+(\d+)/.exec(status)?.[1]));
      rss.set(Number(d), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  for (const [pid, r] of rss) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        total += r;
        break;
      }
    }
  }
  return total;
}

const ms: number[] = [];
let peak = 0;
if (renderer === 'pdfkit') {
  for (let i = 0; i < 2; i++) await renderBrief(data, { lang: 'it', ...OPTS });
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await renderBrief(data, { lang: 'it', ...OPTS });
    ms.push(performance.now() - t0);
  }
  peak = process.resourceUsage().maxRSS * 1024;
} else {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const timer = setInterval(() => (peak = Math.max(peak, descendantsRss(process.pid))), 20);
  try {
    for (let i = 0; i < 2; i++) await printWith(browser, await briefHtml(data, 'it', OPTS.runId, OPTS.codeVersion));
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await printWith(browser, await briefHtml(data, 'it', OPTS.runId, OPTS.codeVersion));
      ms.push(performance.now() - t0);
    }
  } finally {
    clearInterval(timer);
    await browser.close();
  }
}
process.stdout.write(`${JSON.stringify({ ms, peakRssMb: peak / 2 ** 20 })}\n`);
