import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDb, TEST_DATABASE_URL, type TestDb } from '../helpers/db.ts';
import { startSamplePublisher, type SamplePublisher } from '../../src/sample-publisher/index.ts';
import { parseFaultArg } from '../../src/sample-publisher/site/fault-arg.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { createCliContext } from '../../src/cli/context.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/distretti.mjs');

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env },
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

describe("operators' commands", () => {
  it('each has --help that names its options', async () => {
    const program = await buildProgram();
    const help = (path: string[]) => {
      let c = program;
      for (const p of path) c = c.commands.find((x) => x.name() === p)!;
      expect(c, path.join(' ')).toBeDefined();
      return c.helpInformation();
    };
    expect(help(['runs', 'list'])).toMatch(/--state[\s\S]*--since[\s\S]*--format/);
    expect(help(['runs', 'show'])).toContain('<run-id>');
    expect(help(['rerun'])).toMatch(/--release[\s\S]*--from/);
    expect(help(['backfill'])).toMatch(/--from[\s\S]*--to[\s\S]*--reprocess[\s\S]*--dry-run/);
    expect(help(['schedules', 'list'])).toContain('--format');
    expect(help(['jobs', 'retry'])).toMatch(/--all[\s\S]*--queue[\s\S]*--code[\s\S]*--since[\s\S]*--dry-run/);
    expect(help(['sample-publisher'])).toContain('--fault');
  });

  it('rejects an unknown time zone and a bad cron when the configuration is read, listing each problem', async () => {
    const r = await cli(['runs', 'list'], { DISTRETTI_TZ: 'Europe/Rom', DISTRETTI_SCHEDULE: '61 7 * * 1', DISTRETTI_MISSED_RUNS: 'some' });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('CONFIG_INVALID');
    expect(r.stderr).toContain('DISTRETTI_TZ: unknown time zone "Europe/Rom"');
    expect(r.stderr).toMatch(/DISTRETTI_SCHEDULE: invalid cron pattern "61 7 \* \* 1"/);
    expect(r.stderr).toContain('DISTRETTI_MISSED_RUNS');
    expect(r.stderr.trim().split('\n').length).toBeLessThan(8);
  });

  it('parses --fault MODE[:PATH_PART]', () => {
    expect(parseFaultArg('unavailable:ottobre 2018')).toEqual({ kind: 'unavailable', retryAfterSeconds: 120, requests: 3, pathContains: 'ottobre 2018' });
    expect(parseFaultArg('truncated-pdf')).toEqual({ kind: 'truncated-pdf' });
    expect(() => parseFaultArg('meltdown')).toThrow(/one of unavailable, slow/);
  });
});

describe('backfill, runs list and runs show through the real binary (Postgres, sample publisher, no Redis)', () => {
  let publisher: SamplePublisher;
  let t: TestDb;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    publisher = await startSamplePublisher({ port: 0, asOf: '2018-12-31' });
    t = await createTestDb();
    dir = mkdtempSync(join(tmpdir(), 'distretti-ops-'));
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${t.schema}`);
    env = { DATABASE_URL: url.toString(), DISTRETTI_SOURCE: 'sample', DISTRETTI_SOURCE_BASE_URL: publisher.url, DISTRETTI_HTTP_RATE: '20', DISTRETTI_DATA_DIR: dir };
  });
  afterAll(async () => {
    await publisher?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const inProcess = async (args: string[]): Promise<string> => {
    const out: string[] = [];
    const base = createCliContext({ ...env, LOG_LEVEL: 'silent' });
    await (await buildProgram({ ...base, out: (text) => out.push(text) })).parseAsync(['node', 'distretti', ...args]);
    return out.join('\n');
  };

  it('a dry run prints the plan; the backfill fails visibly; runs show says what failed and how to re-run it', async () => {
    const dry = await cli(['backfill', '--from', '2018Q1', '--to', '2025Q2', '--reprocess', 'missing', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/2018Q1\s+2018-07\s+not in database\s+new\s+fetch/);
    expect(dry.stdout).toContain('2 of 2 listed releases would be processed');
    expect(await t.db.selectFrom('pipeline_runs').selectAll().execute()).toEqual([]);

    publisher.setFault({ kind: 'truncated-pdf' });
    const bf = await cli(['backfill', '--from', '2018Q1', '--to', '2025Q2', '--reprocess', 'missing'], env);
    publisher.setFault(null);
    expect(bf.code).toBe(3);
    const runId = /run (\d+) failed/.exec(bf.stdout)?.[1];
    expect(runId, bf.stdout + bf.stderr).toBeDefined();

    // The rest in-process (a child process costs seconds apiece on a busy machine).
    const list = await inProcess(['runs', 'list', '--state', 'failed', '--format', 'json']);
    expect(JSON.parse(list.trim())).toMatchObject({ id: runId, kind: 'backfill', trigger: 'backfill', status: 'failed', errorCode: 'EXTRACT_PDF_TRUNCATED' });

    const show = await inProcess(['runs', 'show', runId!]);
    expect(show).toContain(`run ${runId}  FAILED  (backfill, trigger: backfill)`);
    expect(show).toMatch(/fetch\s+monitor-distretti-emilia-romagna\/emilia-romagna\/2018-07\s+failed\s+1\s+[\d.]+ s\s+—\s+EXTRACT_PDF_TRUNCATED/);
    expect(show).toMatch(/parse\s+\S+2018-07\s+skipped/);
    expect(show).toContain('distretti backfill --from 2018Q1 --to 2018Q1 --reprocess missing');

    // The command it suggests works.
    const again = await inProcess(['backfill', '--from', '2018Q1', '--to', '2018Q1', '--reprocess', 'missing']);
    expect(again).toMatch(/run \d+ succeeded: 1 loaded/);
    await expect(inProcess(['runs', 'show', '999999'])).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  }, 300_000);
});
