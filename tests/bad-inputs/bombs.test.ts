import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./measure-parse.mjs', import.meta.url));
const bomb = (name: string) => fileURLToPath(new URL(`./files/${name}`, import.meta.url));

/**
 * Issue 12's acceptance bounds, measured on the whole `distretti parse` process (its worker thread
 * included): each bomb fails with EXTRACT_PDF_TOO_COMPLEX in ≤ 10 s and ≤ 600 MB peak RSS.
 * Before the worker-thread parse: 700 MiB ran ~4 min to a V8 abort at 6 GB; 280 MiB took 75–89 s and 4.5 GB.
 */
describe('decompression bombs through `distretti parse` (child process, real limits)', () => {
  for (const name of ['bomb-280mb.pdf', 'bomb-700mb.pdf']) {
    it(`${name}: typed error from the decoded-bytes scan, exit 1, peak RSS ≤ 600 MB`, () => {
      const r = spawnSync(process.execPath, [script, bomb(name)], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, LOG_LEVEL: 'silent' } });
      const line = r.stderr.split('\n').find((l) => l.startsWith('MEASURE '));
      expect(line, r.stderr).toBeDefined();
      const m = JSON.parse(line!.slice('MEASURE '.length)) as { code: number; ms: number; maxRssMb: number };
      console.log(`${name}: exit ${m.code}, ${m.ms} ms, peak RSS ${m.maxRssMb} MB`);
      expect(r.stderr).toContain('EXTRACT_PDF_TOO_COMPLEX');
      // Stopped by the decoded-bytes scan (~0.5–0.8 s of inflating), not by the wall-time limit.
      expect(r.stderr).toContain('DISTRETTI_PDF_MAX_DECODED_BYTES');
      expect(r.stderr).toContain('Nothing was stored');
      expect(r.stdout).toBe('');
      expect(m.code).toBe(1);
      expect(m.maxRssMb).toBeLessThanOrEqual(600);
      // Wall time is printed, not asserted (shared CI machines); DISTRETTI_PDF_TIMEOUT_MS bounds it.
    }, 90_000);
  }
});
