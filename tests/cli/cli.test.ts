import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadSampleCatalog, renderReleasePdf } from '../../src/sample-publisher/index.ts';
import { buildProgram } from '../../src/cli/program.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/distretti.mjs');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process with a clean environment of our choosing. */
async function cli(args: string[], env: Record<string, string> = {}, timeout = 120_000): Promise<Result> {
  try {
    const r = await run(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env },
      timeout,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

describe('distretti CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'distretti-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has --help on every command', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    const commands = ['run', 'parse', 'ingest', 'reparse', 'series', 'revisions', 'lineage', 'brief', 'releases', 'worker', 'scheduler', 'web', 'migrate', 'sample-publisher', 'jobs'];
    for (const c of commands) expect(top.stdout).toContain(c);
    // Every subcommand's help, in-process (a child process each would cost seconds apiece)…
    const program = await buildProgram();
    for (const c of commands) {
      const sub = program.commands.find((x) => x.name() === c);
      expect(sub, c).toBeDefined();
      expect(sub!.helpInformation(), c).toMatch(/^Usage: distretti /);
      expect(sub!.description().length, c).toBeGreaterThan(20);
    }
    // …and one through the real binary.
    const parseHelp = await cli(['parse', '--help']);
    expect(parseHelp.code).toBe(0);
    expect(parseHelp.stdout).toContain('entity,kind,period,metric,value,page');
  }, 300_000);

  it('run opens its database while its module loads, but not to print help, and a usage error closes it and exits', async () => {
    const helpDir = join(dir, 'help-only');
    const help = await cli(['run', '--help'], { DISTRETTI_DATA_DIR: helpDir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--full-walk');
    expect(existsSync(join(helpDir, 'pgdata')), 'help must not create the embedded database').toBe(false);

    // A usage error is met after the database started opening (the option is parsed with the
    // command): the database is closed and the process ends with the usage error.
    const usageDir = join(dir, 'usage-error');
    const bad = await cli(['run', '--no-such-option'], { DISTRETTI_DATA_DIR: usageDir }, 60_000);
    expect(bad.code, bad.stderr).toBe(1); // commander's usage error, not a timeout (-1)
    expect(bad.stderr).toMatch(/unknown option/);
    expect(existsSync(join(usageDir, 'pgdata', 'PG_VERSION'))).toBe(true);

    // Now that it exists, the CLI starts opening it before it even reads its configuration
    // (src/cli/early-database.ts): help and a usage error still end at once, closing it.
    const helpAgain = await cli(['run', '--help'], { DISTRETTI_DATA_DIR: usageDir });
    expect(helpAgain.code).toBe(0);
    const badAgain = await cli(['run', '--no-such-option'], { DISTRETTI_DATA_DIR: usageDir }, 60_000);
    expect(badAgain.code, badAgain.stderr).toBe(1);
    expect(badAgain.stderr).toMatch(/unknown option/);
    // An invalid configuration is reported as such, the early database closed unused.
    const badConfig = await cli(['run'], { DISTRETTI_DATA_DIR: usageDir, LOG_LEVEL: 'loud' }, 60_000);
    expect(badConfig.code, badConfig.stderr).toBe(78);
    expect(badConfig.stderr).toMatch(/LOG_LEVEL/);
  }, 120_000);

  it('parse prints exactly what a release contains, as CSV and JSON', async () => {
    const catalog = loadSampleCatalog();
    const info = catalog.release('er-2024Q2')!;
    const pdf = join(dir, info.fileName);
    writeFileSync(pdf, await renderReleasePdf(info, catalog.figures(info.id)));

    const csv = await cli(['parse', pdf, '--format', 'csv']);
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('entity,kind,period,metric,value,page');
    const got = lines
      .slice(1)
      .map((l) => l.split(',').slice(0, 5).join(','))
      .sort();
    const want = catalog
      .figures(info.id)
      .map((f) => [f.entity, f.kind, f.period, f.metric, String(f.value)].join(','))
      .sort();
    expect(got).toEqual(want);
    expect(csv.stdout).toContain('Biomedicale di Mirandola,polo,2024M01-06,exports_meur,');

    const json = await cli(['parse', pdf, '--format', 'json']);
    const parsed = JSON.parse(json.stdout) as { meta: { referenceYear: number; referenceQuarter: number; noteNumber: string }; figures: unknown[] };
    expect(parsed.meta).toMatchObject({ referenceYear: 2024, referenceQuarter: 2, noteNumber: info.noteNumber });
    expect(parsed.figures).toHaveLength(want.length);
  }, 300_000);

  it('fails with a one-line error and a non-zero exit on a file it cannot read', async () => {
    const notPdf = join(dir, 'not-a.pdf');
    writeFileSync(notPdf, '<html>disclaimer</html>');
    for (const target of [notPdf, join(dir, 'missing.pdf')]) {
      const r = await cli(['parse', target]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const errLines = r.stderr.trimEnd().split('\n');
      expect(errLines).toHaveLength(1);
      expect(errLines[0]).toMatch(/^distretti: [A-Z_]+: /);
    }
  }, 300_000);

  it('reports every configuration problem before doing anything', async () => {
    const r = await cli(['releases'], { DATABASE_URL: 'mysql://x', DISTRETTI_HTTP_RATE: 'fast' });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('CONFIG_INVALID');
    expect(r.stderr).toContain('DATABASE_URL');
    expect(r.stderr).toContain('DISTRETTI_HTTP_RATE');
  }, 120_000);

  it('run --sample works end to end on the embedded database, and a second run changes nothing', async () => {
    const env = { DISTRETTI_DATA_DIR: join(dir, 'var') };
    // The notes on 2018Q1–Q3 only: the whole archive is the README's first command, not a unit test.
    const first = await cli(['run', '--sample', '--as-of', '2019-01-31'], env, 600_000);
    expect(first.stderr).not.toMatch(/"level":5\d/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/3 releases listed, 3 loaded, 0 unchanged, 0 failed/);
    const paths = [...first.stdout.matchAll(/^\s+(it|en)\s+(\S+\.pdf)/gm)].map((m) => m[2]!);
    expect(paths).toHaveLength(2);
    for (const p of paths) {
      expect(existsSync(p)).toBe(true);
      expect(readFileSync(p).subarray(0, 5).toString()).toBe('%PDF-');
    }

    const second = await cli(['run', '--sample', '--as-of', '2019-01-31'], env, 600_000);
    expect(second.code).toBe(0);
    // The re-run reads the listing only up to pages of releases it holds (issue 13), and says so.
    expect(second.stdout).toMatch(/\d releases listed \(listing read up to known releases; --full-walk reads every page\), 0 loaded, 0 unchanged, 0 failed/);
    expect(second.stdout).toContain('(unchanged, reused)');

    const series = await cli(['series', '--entity', 'Mirandola', '--metric', 'exports_meur'], env);
    expect(series.code, series.stderr).toBe(1); // "Mirandola" alone is ambiguous/unknown: say so
    const ok = await cli(['series', '--entity', 'biomedicale-mirandola', '--metric', 'exports_meur'], env);
    expect(ok.code, ok.stderr).toBe(0);
    const rows = ok.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('entity,period,metric,value,release');
    expect(rows.some((r) => r.startsWith('Biomedicale di Mirandola,2018Q3,exports_meur,'))).toBe(true);

    // Lineage leads from a figure to its note, document hash, page and printed cell.
    const lineage = await cli(['lineage', '--entity', 'Biomedicale di Mirandola', '--period', '2018Q3'], env);
    expect(lineage.code, lineage.stderr).toBe(0);
    const l = JSON.parse(lineage.stdout) as { value: number; page: number; raw_text: string; document: { sha256: string }; release: { note_number: string } };
    expect(l.release.note_number).toBe('n. 42');
    expect(l.document.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(l.page).toBeGreaterThan(1);
    expect(l.raw_text.replace('.', '').replace(',', '.')).toBe(l.value.toFixed(1));

    // Revisions: 2017Q3 is printed by the 2018Q3 note only; 2018Q1 by one note too at this date.
    const revisions = await cli(['revisions', '--entity', 'biomedicale-mirandola', '--period', '2017Q3'], env);
    expect(revisions.code, revisions.stderr).toBe(0);
    expect(revisions.stdout.split('\n')[0]).toBe('entity,period,metric,value,revision,release,release_cover,release_ref,data_cutoff');
    expect(revisions.stdout).toContain(',2019-01,2018Q3,');

    // One brief on demand; asking again reuses the stored one.
    const out = join(dir, 'brief-en.pdf');
    const brief = await cli(['brief', '--entity', 'ICT di Bologna e Modena', '--period', '2018Q3', '--lang', 'en', '--out', out], env);
    expect(brief.code, brief.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const again = await cli(['brief', '--entity', 'ict-bologna-modena', '--period', '2018Q3', '--lang', 'en', '--out', out], env);
    expect(again.stdout).toContain('(reused)');

    const releases = await cli(['releases'], env);
    expect(releases.stdout.trimEnd().split('\n')).toHaveLength(4);
    expect(releases.stdout).toMatch(/^\d+,monitor-distretti-emilia-romagna,emilia-romagna,2019-01,2018Q3,n\. 42,2018-12-10,loaded,[0-9a-f]{64},http/m);

    const missing = await cli(['lineage', '--entity', 'biomedicale-mirandola', '--period', '2030Q1'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^distretti: LINEAGE_NOT_FOUND: /);
  }, 900_000);
});
