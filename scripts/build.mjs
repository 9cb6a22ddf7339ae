#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm ci` runs it): compiles the CLI and its thread bodies
// to plain JavaScript in build/, which bin/distretti.mjs runs without a TypeScript loader.
// Issue 13: registering tsx cost ~350 ms and tens of MB per call, and again in every worker
// thread. Plain .mjs so it needs no loader itself.
//
// node_modules stay external (resolved at run time as from src/: pdf.js, PGlite's wasm, fonts),
// and `splitting` keeps the CLI's lazy `import()` of each command a separate chunk, so a call
// still loads only its own command's code.
import { readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ENTRIES, SOURCES, STAMP } from './build-config.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUNDLED = new Set(['got', 'kysely', 'kysely-pglite-dialect', 'zod', 'commander', 'cheerio', 'parse5', 'parse5-htmlparser2-tree-adapter', 'csv-stringify', 'cron-parser']);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const EXTERNAL = Object.keys(pkg.dependencies).filter((d) => !BUNDLED.has(d)).flatMap((d) => [d, `${d}/*`]);
const out = join(root, 'build');
// Built beside, then swapped in: a CLI started meanwhile sees either no build (and runs from
// source) or a whole one, never half of one.
const tmp = join(root, `build.${process.pid}.tmp`);

// got imports http2-wrapper at load, and http2-wrapper builds a TLS socket at load (for a class it
// reaches through it): a TLS context with the system's root certificates, ~35 ms of CPU in every
// CLI call that fetches, spent while the embedded database opens on the other core (issue 13). got
// reads the module only for `http2: true`, which we never set; the bundle gets a stand-in that
// loads the real one on first use (scripts/http2-wrapper-lazy.cjs).
const shim = join(root, 'scripts/http2-wrapper-lazy.cjs');
const lazyHttp2Wrapper = {
  name: 'lazy-http2-wrapper',
  setup(b) {
    // The real one stays outside the bundle, required from node_modules if ever: not even parsed.
    b.onResolve({ filter: /^http2-wrapper$/ }, (args) => (args.importer === shim ? { path: 'http2-wrapper', external: true } : { path: shim }));
  },
};

// The stamp carries the time the build STARTED: a file saved while esbuild ran is newer than it.
const started = new Date();
try {
  await build({
    absWorkingDir: root,
    entryPoints: ENTRIES.map((e) => join('src', e)),
    outbase: 'src',
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    entryNames: '[dir]/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    // Linked maps for `node --enable-source-maps` when a stack trace must point at src/.
    // Class names reach logs, job failure reasons, the database (DistrettiError's `name`) and the
    // threads' error wire format: bundling must not rename a class that shares a name (`Foo2`).
    keepNames: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [lazyHttp2Wrapper],
    // The bundled CommonJS packages (commander, parse5's adapter…) call require() for Node's
    // built-ins; ESM output has none unless a chunk makes one.
    banner: { js: "import { createRequire as __distrettiCreateRequire } from 'node:module'; const require = __distrettiCreateRequire(import.meta.url);" },
  });
} catch (e) {
  rmSync(tmp, { recursive: true, force: true });
  throw e;
}
// build/ has no package.json of its own: the root one's "type": "module" makes its .js ESM.
const stamp = join(tmp, STAMP);
writeFileSync(stamp, `built from ${SOURCES.join(', ')} at ${started.toISOString()}\n`);
utimesSync(stamp, started, started);
rmSync(out, { recursive: true, force: true });
renameSync(tmp, out);
