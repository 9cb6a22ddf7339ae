import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectRoot } from '../src/lib/project-root.ts';

/**
 * A freshly initialised PGlite data directory, as PGlite's own `dumpDataDir('gzip')` wrote it
 * (`npm run pglite:seed`), unpacked into an empty data directory instead of running initdb.
 *
 * Why (issue 13): on this 2-core machine initdb inside WebAssembly costs ~8.5 s of CPU and leaves
 * ~450 MB of WebAssembly memory behind in the process (RSS 880 MB after `PGlite.create` on an
 * empty directory, 420 MB when unpacking this seed, which takes ~2.5 s of CPU). The seed holds
 * only what initdb makes (no schema of ours: migrations run on top as on any database), and is
 * used only by the exact PGlite version that made it; any other version runs initdb as before.
 *
 * It is unpacked on disk ({@link unpackSeed}), then PGlite opens the directory as an existing
 * database. Handing it to PGlite as `loadDataDir` instead costs twice the time and ~120 MB more
 * peak RSS (the archive goes through PGlite's in-memory file system first; measured on this
 * machine: 2.3 s / 324 MB against 1.2 s / 206 MB to open a seeded directory).
 */
export const SEED_DIR = join(projectRoot(), 'db', 'pglite-seed');

/** The installed PGlite's version (its package.json, found through the package's own entry). */
export function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let dir = dirname(entry);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const p = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version: string };
      if (p.name === '@electric-sql/pglite') return p.version;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('the installed @electric-sql/pglite has no package.json');
    dir = up;
  }
}

export function seedPath(version: string = pgliteVersion()): string {
  return join(SEED_DIR, `pglite-${version}.tar.gz`);
}

/** The seed for the installed PGlite, or undefined when there is none for this version. */
export function pgliteSeed(): { path: string } | undefined {
  const path = seedPath();
  return existsSync(path) ? { path } : undefined;
}

/**
 * Unpacks the installed PGlite's seed as `dataDir`, when there is a seed and `dataDir` is empty
 * or missing; returns whether it did. The archive is unpacked beside it and renamed into place,
 * so a process killed midway leaves no half-written database that would look like a real one.
 */
export async function unpackSeed(dataDir: string): Promise<boolean> {
  const seed = pgliteSeed();
  if (!seed) return false;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  const staging = `${dataDir}.seeding-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const { x } = await import('tar');
    // The archive's paths are absolute (PGlite dumps its virtual /pgdata); tar makes them relative.
    await x({ file: seed.path, cwd: staging, onwarn: () => {} });
    if (!existsSync(`${staging}/PG_VERSION`)) throw new Error(`${seed.path} holds no PG_VERSION: not a PGlite data directory`);
    if (existsSync(dataDir)) rmdirSync(dataDir);
    renameSync(staging, dataDir);
    return true;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
