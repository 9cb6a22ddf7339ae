#!/usr/bin/env node
// Runs the CLI compiled to build/ (`npm run build`, also run by `npm ci`) when that build is
// fresh, else the TypeScript in src/ through tsx's loader, so an edit to src/ is never met by
// stale code. The loader costs ~350 ms and tens of MB per call (issue 13), the check ~2 ms.
//
//   DISTRETTI_FROM_SOURCE=1   always run src/ through tsx
//   DISTRETTI_TRACE_START=1   say on stderr which one runs, and why
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SOURCES, STAMP } from '../scripts/build-config.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Why the build cannot be used, or undefined when it is at least as new as every source. */
function staleness() {
  if (process.env.DISTRETTI_FROM_SOURCE === '1') return 'DISTRETTI_FROM_SOURCE=1';
  let built;
  try {
    built = statSync(join(root, 'build', STAMP)).mtimeMs;
  } catch {
    return 'no build (npm run build)';
  }
  // Directories count too: deleting or renaming a file changes only its directory's time.
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
    if (found) return `${found.slice(root.length)} is newer than the build (npm run build)`;
  }
  return undefined;
}

const why = staleness();
if (process.env.DISTRETTI_TRACE_START === '1') {
  process.stderr.write(why ? `distretti: running src/ through tsx: ${why}\n` : 'distretti: running build/\n');
}
if (why) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src/cli/main.ts')).href);
} else {
  await import(pathToFileURL(join(root, 'build/cli/main.js')).href);
}
