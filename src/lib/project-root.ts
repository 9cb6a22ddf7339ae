import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FatalError } from '../errors/distretti-error.ts';

let cached: string | undefined;

/**
 * The repository's root directory, the nearest one above this module holding a package.json.
 * The same from src/ (run through tsx or vitest) and from build/, where this module sits in a
 * chunk at another depth: resolve repository files (data/, package.json, src/web/static/, the
 * thread bodies) from here, never with `new URL('../../…', import.meta.url)` counts.
 */
export function projectRoot(): string {
  if (cached) return cached;
  const here = fileURLToPath(import.meta.url);
  let dir = dirname(here);
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new FatalError('INSTALL_NO_PACKAGE_JSON', `no package.json in any directory above ${here}: the installation is incomplete`);
    dir = up;
  }
  cached = dir;
  return dir;
}

/** True when this code runs compiled (build/), false from the TypeScript in src/. */
export function runsCompiled(): boolean {
  return !import.meta.url.endsWith('.ts');
}
