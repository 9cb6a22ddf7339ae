import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_DATABASE_URL, type TestDb } from '../helpers/db.ts';
import { miniPdf, textPage } from './mini-pdf.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/distretti.mjs');

/**
 * What the CLI says after an unreadable file is the truth (issue 12): `ingest` names the stored
 * document and the quarantined release, which `distretti releases` then lists.
 */
describe('ingest of an unreadable file, through the real CLI', () => {
  let t: TestDb;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await createTestDb();
    dir = mkdtempSync(join(tmpdir(), 'distretti-outcomes-'));
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${t.schema}`);
    env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'silent', DATABASE_URL: url.toString() };
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  const cli = async (args: string[]) =>
    run(process.execPath, [BIN, ...args], { env, timeout: 120_000 }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
    );

  it('says it stored the document and quarantined release N; `releases` lists it with cover unknown', async () => {
    const bytes = miniPdf([textPage(['Una nota senza tabelle'])]);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const file = join(dir, 'no-tables.pdf');
    writeFileSync(file, bytes);

    const ingest = await cli(['ingest', file]);
    expect(ingest.code).toBe(1);
    const m = /^distretti: EXTRACT_LAYOUT_DRIFT: [\s\S]*Stored as document ([0-9a-f]{64}); release (\d+) is quarantined/.exec(ingest.stderr);
    expect(m, ingest.stderr).not.toBeNull();
    expect(m![1]).toBe(sha);

    const releases = await cli(['releases']);
    expect(releases.code, releases.stderr).toBe(0);
    const row = releases.stdout.split('\n').find((l) => l.startsWith(`${m![2]},`));
    expect(row).toContain(',unknown,');
    expect(row).toContain(',quarantined,');
    expect(row).toContain(sha);
  }, 240_000);
});
