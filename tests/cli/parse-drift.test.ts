import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSampleCatalog, renderReleasePdf } from '../../src/sample-publisher/index.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/distretti.mjs');

/** README: `distretti parse FILE` prints a refused release's drift report, tables as read. */
describe('distretti parse on a release it refuses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'distretti-drift-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the grouped findings and each table as read, and exits non-zero', { timeout: 120_000 }, async () => {
    const catalog = loadSampleCatalog();
    const info = catalog.release('er-2025Q1')!;
    const file = join(dir, 'drifted.pdf');
    writeFileSync(file, await renderReleasePdf(info, catalog.figures(info.id), { variant: 'drifted' }));
    const r = await run(process.execPath, [BIN, 'parse', file], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
      timeout: 110_000,
    }).then(
      (ok) => ({ code: 0, out: ok.stdout + ok.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
    );
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('EXTRACT_LAYOUT_DRIFT');
    expect(r.out).toContain('Tables as read:');
    expect(r.out).toMatch(/"[^"]*Tasso di variazione[^"]*" → not understood/);
    expect(r.out).toMatch(/"[^"]*Quota % sul totale[^"]*" → ignored: .*share/);
    expect(r.out).toContain('first rows:');
    expect(r.out).toContain('src/domain/vocabulary');
  });
});
