// What the build compiles and when it is stale: shared by scripts/build.mjs, bin/distretti.mjs,
// the CLI bench and tests/cli/build-mode.test.ts. Plain .mjs: it loads before any loader.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Entry points under src/: the CLI, and every module a `new Worker()` runs (src/lib/thread/
 * start-thread.ts names them; `grep -rn "new Worker\|fork(" src` finds any new one).
 * The output keeps src/'s layout: src/cli/main.ts → build/cli/main.js.
 */
export const ENTRIES = ['cli/main.ts', 'extract/pdf-sandbox/worker.ts', 'report/render-thread-worker.ts', 'embedded-db/pglite-thread-worker.ts'];

/** The build is stale when any file or directory under these is newer than the stamp. */
export const SOURCES = ['src', 'db', 'scripts/build.mjs', 'scripts/build-config.mjs', 'scripts/http2-wrapper-lazy.cjs'];

/** build/<STAMP>: its modification time is when the build started. */
export const STAMP = '.stamp';

/**
 * Why `root`'s build/ cannot be run, or undefined when its stamp is newer than every file and
 * directory under {@link SOURCES}. Directories count: deleting or renaming a file changes only
 * its directory's time. ~300 `stat`s, stopping at the first newer one (bench: "freshness check").
 */
export function buildStaleness(root) {
  let built;
  try {
    built = statSync(join(root, 'build', STAMP)).mtimeMs;
  } catch {
    return 'no build (npm run build)';
  }
  const newer = (path) => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return undefined;
    if (st.mtimeMs > built) return path;
    if (!st.isDirectory()) return undefined;
    for (const name of readdirSync(path)) {
      const found = newer(join(path, name));
      if (found) return found;
    }
    return undefined;
  };
  for (const s of SOURCES) {
    const found = newer(join(root, s));
    if (found) return `${found.slice(join(root, '/').length)} is newer than the build (npm run build)`;
  }
  return undefined;
}
