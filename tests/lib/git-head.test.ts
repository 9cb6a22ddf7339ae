import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGitHead } from '../../src/lib/git-head.ts';

// Real git repositories, compared with what `git rev-parse HEAD` says of each.
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();

describe('readGitHead', () => {
  let dir: string;
  let repo: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'git-head-'));
    repo = join(dir, 'repo');
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    writeFileSync(join(repo, 'a.txt'), 'a');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'one');
    writeFileSync(join(repo, 'a.txt'), 'b');
    git(repo, 'commit', '-q', '-am', 'two');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a branch checked out in a plain repository', () => {
    expect(readGitHead(repo)).toBe(git(repo, 'rev-parse', 'HEAD'));
  });

  it('reads a ref once git has packed it into packed-refs', () => {
    const packed = join(dir, 'packed');
    execFileSync('git', ['clone', '-q', repo, packed]);
    git(packed, 'pack-refs', '--all');
    expect(readGitHead(packed)).toBe(git(packed, 'rev-parse', 'HEAD'));
  });

  it('reads a linked work tree (its .git is a file) on another branch', () => {
    const wt = join(dir, 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', wt, 'HEAD~1');
    expect(readGitHead(wt)).toBe(git(repo, 'rev-parse', 'HEAD~1'));
    expect(readGitHead(wt)).not.toBe(readGitHead(repo));
  });

  it('reads a detached HEAD', () => {
    const detached = join(dir, 'detached');
    execFileSync('git', ['clone', '-q', repo, detached]);
    git(detached, 'checkout', '-q', '--detach', 'HEAD~1');
    expect(readGitHead(detached)).toBe(git(repo, 'rev-parse', 'HEAD~1'));
  });

  it('is undefined outside a checkout', () => {
    expect(readGitHead(join(dir, 'nowhere'))).toBeUndefined();
    expect(readGitHead(dir)).toBeUndefined();
  });
});
