import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.ts';
import { createCliContext, type CliContext } from '../../src/cli/context.ts';
import { isDistrettiError } from '../../src/errors/distretti-error.ts';
import { createTestDb, TEST_DATABASE_URL, type TestDb } from '../helpers/db.ts';
import { authenticateToken, createToken, digestsEqual, parseToken, sha256Hex } from '../../src/access/tokens.ts';


let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

/**
 * The CLI's own program, in-process, against this test's schema (search_path through the
 * URL's `options`); spawning `bin/distretti.mjs` costs ~20 s per call on a loaded machine.
 */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const url = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${t.schema}`)}`;
  const out: string[] = [];
  const base = createCliContext({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const ctx: CliContext = { ...base, out: (text) => void out.push(text.endsWith('\n') ? text : `${text}\n`) };
  try {
    const program = await buildProgram(ctx);
    // Commander's usage errors go to stderr of each (sub)command: keep the test output clean.
    const quiet = (c: typeof program): void => {
      c.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
      c.commands.forEach(quiet);
    };
    quiet(program);
    await program.parseAsync(['node', 'distretti', ...args]);
    return { code: 0, stdout: out.join(''), stderr: '' };
  } catch (e) {
    if (isDistrettiError(e)) return { code: 1, stdout: out.join(''), stderr: `${e.code}: ${e.message}` };
    return { code: 2, stdout: out.join(''), stderr: String(e) };
  }
}

describe('access tokens', () => {
  it('stores only the SHA-256 of the secret, never the token', async () => {
    const { token } = await createToken(t.db, 'stored-check', 'analyst');
    const { publicId, secret } = parseToken(token)!;
    const rows = await t.db.selectFrom('access_tokens').selectAll().where('name', '=', 'stored-check').execute();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.secret_sha256).toBe(sha256Hex(secret));
    expect(row.public_id).toBe(publicId);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('authenticates the right token and refuses a wrong secret, a malformed token and a revoked one', async () => {
    const { token } = await createToken(t.db, 'auth-check', 'operator');
    expect(await authenticateToken(t.db, token)).toMatchObject({ name: 'auth-check', role: 'operator' });
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(await authenticateToken(t.db, wrong)).toBeUndefined();
    expect(await authenticateToken(t.db, 'not-a-token')).toBeUndefined();
    expect(digestsEqual(sha256Hex('a'), sha256Hex('a'))).toBe(true);
    expect(digestsEqual(sha256Hex('a'), sha256Hex('b'))).toBe(false);
    expect(digestsEqual('', '')).toBe(false);
  });

  it('`distretti tokens create` prints the token once, alone on its last line; list hides it; revoke stops it', async () => {
    const created = await cli(['tokens', 'create', '--name', 'cli-ada', '--role', 'analyst']);
    expect(created.code, created.stderr).toBe(0);
    const lines = created.stdout.trimEnd().split('\n');
    const token = lines.at(-1)!;
    expect(token).toMatch(/^dst_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(lines.slice(0, -1).join('\n')).not.toContain(token);
    expect(await authenticateToken(t.db, token)).toMatchObject({ name: 'cli-ada', role: 'analyst' });

    const dup = await cli(['tokens', 'create', '--name', 'cli-ada', '--role', 'operator']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('ACCESS_TOKEN_NAME_TAKEN');
    const badRole = await cli(['tokens', 'create', '--name', 'x', '--role', 'admin']);
    expect(badRole.code).not.toBe(0);

    const list = await cli(['tokens', 'list']);
    expect(list.stdout).toMatch(/^name\trole\tcreated\tlast_used\trevoked$/m);
    expect(list.stdout).toMatch(/^cli-ada\tanalyst\t\d{4}-\d\d-\d\dT[\d:]+Z\t\d{4}-[^\t]+\t-$/m);
    expect(list.stdout).not.toContain(token.slice(21));

    const revoked = await cli(['tokens', 'revoke', 'cli-ada']);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe('revoked token "cli-ada"\n');
    expect(await authenticateToken(t.db, token)).toBeUndefined();
    expect((await cli(['tokens', 'list'])).stdout).toMatch(/^cli-ada\tanalyst\t\S+\t\S+\t\d{4}-\d\d-\d\dT/m);
    const again = await cli(['tokens', 'revoke', 'cli-ada']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ACCESS_TOKEN_NOT_FOUND');
  });
});
