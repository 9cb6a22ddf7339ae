import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * The commit checked out in the git work tree at `root`, read from `.git` itself, or undefined
 * when it cannot be read that way (not a checkout, an unusual layout). Every run stamps its code
 * version into the run record and the briefs' inputs; spawning `git rev-parse` for it cost ~60 ms
 * of every CLI call (issue 13), reading two small files costs well under a millisecond.
 *
 * Handles a plain `.git` directory, a linked work tree or submodule (`.git` is a file naming the
 * git directory, whose `commondir` holds the shared refs), a detached HEAD, and refs packed into
 * `packed-refs`.
 */
export function readGitHead(root: string): string | undefined {
  try {
    const gitDir = findGitDir(root);
    if (!gitDir) return undefined;
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (isCommit(head)) return head;
    const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1];
    if (!ref) return undefined;
    return readRef(gitDir, ref) ?? readRef(commonDir(gitDir), ref);
  } catch {
    return undefined;
  }
}

function findGitDir(root: string): string | undefined {
  const dotGit = join(root, '.git');
  const st = statSync(dotGit, { throwIfNoEntry: false });
  if (!st) return undefined;
  if (st.isDirectory()) return dotGit;
  const target = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
  return target ? (isAbsolute(target) ? target : resolve(root, target)) : undefined;
}

function commonDir(gitDir: string): string {
  const st = statSync(join(gitDir, 'commondir'), { throwIfNoEntry: false });
  if (!st) return gitDir;
  const rel = readFileSync(join(gitDir, 'commondir'), 'utf8').trim();
  return isAbsolute(rel) ? rel : resolve(gitDir, rel);
}

function readRef(dir: string, ref: string): string | undefined {
  const loose = statSync(join(dir, ref), { throwIfNoEntry: false });
  if (loose?.isFile()) {
    const sha = readFileSync(join(dir, ref), 'utf8').trim();
    return isCommit(sha) ? sha : undefined;
  }
  const packed = statSync(join(dir, 'packed-refs'), { throwIfNoEntry: false });
  if (!packed) return undefined;
  for (const line of readFileSync(join(dir, 'packed-refs'), 'utf8').split('\n')) {
    const [sha, name] = line.split(' ');
    if (name === ref && sha && isCommit(sha)) return sha;
  }
  return undefined;
}

function isCommit(s: string): boolean {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(s);
}
