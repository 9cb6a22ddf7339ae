import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A freshly initialised PGlite data directory, as PGlite's own `dumpDataDir('gzip')` wrote it
 * (`npm run pglite:seed`), unpacked into an empty data directory instead of running initdb.
 *
 * Why (issue 13): on this 2-core machine initdb inside WebAssembly costs ~8.5 s of CPU and leaves
 * ~450 MB of WebAssembly memory behind in the process (RSS 880 MB after `PGlite.create` on an
 * empty directory, 420 MB when unpacking this seed, which takes ~2.5 s of CPU). The seed holds
 * only what initdb makes (no schema of ours: migrations run on top as on any database), and is
 * used only by the exact PGlite version that made it; any other version runs initdb as before.
 */
export const SEED_DIR = fileURLToPath(new URL('./pglite-seed/', import.meta.url));

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
export function pgliteSeed(): { path: string; blob: Blob } | undefined {
  const path = seedPath();
  if (!existsSync(path)) return undefined;
  return { path, blob: new Blob([readFileSync(path)]) };
}
