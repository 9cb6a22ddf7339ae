// What the build compiles and what makes it stale: shared by scripts/build.mjs, bin/distretti.mjs
// (its freshness check) and tests/cli/build-mode.test.ts. Plain .mjs: it loads before any loader.

/**
 * Entry points under src/: the CLI, and every module a `new Worker()` runs (src/lib/thread/
 * start-thread.ts names them; `grep -rn "new Worker\|fork(" src` finds any new one).
 * The output keeps src/'s layout: src/cli/main.ts → build/cli/main.js.
 */
export const ENTRIES = ['cli/main.ts', 'extract/pdf-sandbox/worker.ts', 'report/render-thread-worker.ts'];

/** The build is stale when any file or directory under these is newer than the stamp. */
export const SOURCES = ['src', 'db', 'scripts/build.mjs', 'scripts/build-config.mjs'];

/** build/<STAMP>: its modification time is when the build started. */
export const STAMP = '.stamp';
