#!/usr/bin/env node
// Runs the CLI compiled to build/ (`npm run build`, also run by `npm ci`) when that build is
// fresh, else the TypeScript in src/ through tsx's loader, so an edit to src/ is never met by
// stale code. The loader costs ~350 ms and tens of MB per call (issue 13); the check, a few ms.
//
//   DISTRETTI_FROM_SOURCE=1   always run src/ through tsx
//   DISTRETTI_TRACE_START=1   say on stderr which one runs, and why
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildStaleness } from '../scripts/build-config.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const why = process.env.DISTRETTI_FROM_SOURCE === '1' ? 'DISTRETTI_FROM_SOURCE=1' : buildStaleness(root);
if (process.env.DISTRETTI_TRACE_START === '1') {
  process.stderr.write(why ? `distretti: running src/ through tsx: ${why}\n` : 'distretti: running build/\n');
} else if (why && process.env.DISTRETTI_FROM_SOURCE !== '1' && process.stderr.isTTY) {
  // Someone at a terminal after a pull or an edit: correct but slower, so say how to fix it.
  process.stderr.write(`distretti: ${why}; running src/ through tsx (slower start)\n`);
}
if (why) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src/cli/main.ts')).href);
} else {
  await import(pathToFileURL(join(root, 'build/cli/main.js')).href);
}
