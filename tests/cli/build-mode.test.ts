import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { loadSampleCatalog, renderReleasePdf } from '../../src/sample-publisher/index.ts';
import { ENTRIES, STAMP } from '../../scripts/build-config.mjs';
import { THREAD_BODIES } from '../../src/lib/thread/start-thread.ts';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '../..');
/** A summary `--help` prints, from src/cli/command-table.ts (compiled into build/). */
const SUMMARY = 'List known releases with their status.';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * bin/distretti.mjs runs build/ when it is fresh and src/ through tsx otherwise (issue 13). Each
 * case runs a copy of the repository whose build and sources are marked differently, so the
 * output itself says which code ran: a case cannot pass by running the other one.
 */
describe('bin/distretti.mjs: compiled build or TypeScript source', () => {
  let copy: string;
  let stampMs: number;
  let pdf: string;

  const cli = async (args: string[], env: Record<string, string> = {}): Promise<Result> => {
    try {
      const r = await run(process.execPath, [join(copy, 'bin/distretti.mjs'), ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', DISTRETTI_TRACE_START: '1', ...env },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const x = e as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof x.code === 'number' ? x.code : -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
    }
  };
  /** Marks a text in a file, keeping its modification time (so a build file stays "not a source edit"). */
  const mark = (file: string, from: string, to: string): void => {
    const before = statSync(file);
    const text = readFileSync(file, 'utf8');
    expect(text, file).toContain(from);
    writeFileSync(file, text.replace(from, to));
    utimesSync(file, before.atime, before.mtime);
  };
  /** Sets a source file's modification time relative to the build's stamp. */
  const touch = (rel: string, secondsAfterStamp: number): void => {
    const t = new Date(stampMs + secondsAfterStamp * 1000);
    utimesSync(join(copy, rel), t, t);
  };
  const builtFileWith = (text: string): string => {
    const dir = join(copy, 'build');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    const hit = files.find((f) => readFileSync(join(dir, f), 'utf8').includes(text));
    if (!hit) throw new Error(`no file in ${dir} contains "${text}"`);
    return join(dir, hit);
  };

  beforeAll(async () => {
    copy = mkdtempSync(join(tmpdir(), 'distretti-build-mode-'));
    for (const d of ['src', 'db', 'bin']) cpSync(join(REPO, d), join(copy, d), { recursive: true });
    mkdirSync(join(copy, 'scripts'));
    for (const f of ['build.mjs', 'build-config.mjs', 'http2-wrapper-lazy.cjs']) cpSync(join(REPO, 'scripts', f), join(copy, 'scripts', f));
    cpSync(join(REPO, 'package.json'), join(copy, 'package.json'));
    symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
    await run(process.execPath, [join(copy, 'scripts/build.mjs')], { cwd: copy, timeout: 120_000 });
    stampMs = statSync(join(copy, 'build', STAMP)).mtimeMs;
    // Every source older than the stamp: the copy's files got their times from cpSync.
    for (const rel of readdirSync(copy, { recursive: true, encoding: 'utf8' })) {
      if (/^(src|db|scripts)(\/|$)/.test(rel)) touch(rel, -60);
    }
    mark(builtFileWith(SUMMARY), SUMMARY, `${SUMMARY} [from build]`);
    mark(join(copy, 'src/cli/command-table.ts'), SUMMARY, `${SUMMARY} [from src]`);
    touch('src/cli/command-table.ts', -60);
    // The parse thread's body says where it was loaded from (its stderr is the process's).
    const body = join(copy, 'build/extract/pdf-sandbox/worker.js');
    writeFileSync(body, `process.stderr.write('parse thread: build\\n');\n${readFileSync(body, 'utf8')}`);
    const src = join(copy, 'src/extract/pdf-sandbox/worker.ts');
    writeFileSync(src, `process.stderr.write('parse thread: src\\n');\n${readFileSync(src, 'utf8')}`);
    touch('src/extract/pdf-sandbox/worker.ts', -60);
    for (const dir of ['src', 'src/cli', 'src/extract/pdf-sandbox']) touch(dir, -60);

    const catalog = loadSampleCatalog();
    const info = catalog.release('er-2024Q2')!;
    pdf = join(copy, 'release.pdf');
    writeFileSync(pdf, await renderReleasePdf(info, catalog.figures(info.id)));
  }, 180_000);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('resolves repository files from projectRoot(), not relative to a module (chunks sit elsewhere in build/)', () => {
    const offenders: string[] = [];
    for (const top of ['src', 'db']) {
      for (const rel of readdirSync(join(REPO, top), { recursive: true, encoding: 'utf8' })) {
        if (!/\.(ts|mts)$/.test(rel)) continue;
        const code = readFileSync(join(REPO, top, rel), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
        if (/new URL\(\s*['"`]\.{1,2}\/|import\.meta\.(dirname|filename)|__dirname/.test(code)) offenders.push(`${top}/${rel}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('builds every thread body the code starts', () => {
    for (const body of THREAD_BODIES) expect(ENTRIES).toContain(`${body}.ts`);
  });

  it('runs the build when it is newer than every source, and its parse thread too', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('distretti: running build/\n');
    expect(help.stdout).toContain(`${SUMMARY} [from build]`);

    const parse = await cli(['parse', pdf]);
    expect(parse.code).toBe(0);
    expect(parse.stderr).toBe('distretti: running build/\nparse thread: build\n');
    expect(parse.stdout).toContain('Biomedicale di Mirandola,polo,2024M01-06,exports_meur,');
  }, 120_000);

  it('loads got without building a TLS context: http2-wrapper stands in until got reads it (only for http2)', async () => {
    const chunk = builtFileWith('scripts/http2-wrapper-lazy.cjs');
    const spy = join(copy, 'tls-spy.cjs');
    writeFileSync(spy, "const tls = require('tls'); const o = tls.createSecureContext; tls.createSecureContext = function (...a) { process.stdout.write('tls context\\n'); return o.apply(this, a); };\n");
    const script = `await import(${JSON.stringify(pathToFileURL(chunk).href)}); process.stdout.write('loaded\\n');`;
    const r = await run(process.execPath, ['--require', spy, '--input-type=module', '-e', script], { cwd: copy, timeout: 60_000 });
    expect(r.stdout).toBe('loaded\n');
    // The stand-in hands out the real module's members.
    const req = createRequire(import.meta.url);
    const shim = req(join(REPO, 'scripts/http2-wrapper-lazy.cjs')) as { auto: unknown; Agent: unknown };
    const real = req('http2-wrapper') as { auto: unknown; Agent: unknown };
    expect(shim.auto).toBe(real.auto);
    expect(shim.Agent).toBe(real.Agent);
  }, 60_000);

  it('runs src/ through tsx, threads included, when DISTRETTI_FROM_SOURCE=1', async () => {
    const help = await cli(['--help'], { DISTRETTI_FROM_SOURCE: '1' });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`${SUMMARY} [from src]`);
    expect(help.stdout).not.toContain('[from build]');

    const parse = await cli(['parse', pdf], { DISTRETTI_FROM_SOURCE: '1' });
    expect(parse.code).toBe(0);
    expect(parse.stderr).toBe('distretti: running src/ through tsx: DISTRETTI_FROM_SOURCE=1\nparse thread: src\n');
    expect(parse.stdout).toContain('Biomedicale di Mirandola,polo,2024M01-06,exports_meur,');
  }, 120_000);

  it('falls back to src/ when a source file is newer than the build, or a file was deleted', async () => {
    touch('src/cli/program.ts', 60);
    try {
      const r = await cli(['--help']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('distretti: running src/ through tsx: src/cli/program.ts is newer than the build (npm run build)\n');
      expect(r.stdout).toContain(`${SUMMARY} [from src]`);
    } finally {
      touch('src/cli/program.ts', -60);
    }
    // A deletion changes only its directory's time.
    writeFileSync(join(copy, 'src/cli/obsolete.ts'), 'export {};\n');
    rmSync(join(copy, 'src/cli/obsolete.ts'));
    touch('src/cli', 60);
    try {
      const r = await cli(['--help']);
      expect(r.stderr).toBe('distretti: running src/ through tsx: src/cli is newer than the build (npm run build)\n');
      expect(r.stdout).toContain(`${SUMMARY} [from src]`);
    } finally {
      touch('src/cli', -60);
    }
    // Back to fresh: the build runs again (the cases above did not leave the copy stale).
    expect((await cli(['--help'])).stdout).toContain('[from build]');
  }, 120_000);

  it('runs src/ when there is no build', async () => {
    rmSync(join(copy, 'build', STAMP));
    const r = await cli(['--help']);
    expect(r.stderr).toBe('distretti: running src/ through tsx: no build (npm run build)\n');
    expect(r.stdout).toContain(`${SUMMARY} [from src]`);
  }, 120_000);
});
