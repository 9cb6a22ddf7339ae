/**
 * Writes db/pglite-seed/pglite-<version>.tar.gz: the data directory PGlite's initdb makes,
 * dumped by PGlite itself, which `connectDatabase` unpacks into an empty data directory instead
 * of running initdb again (see db/pglite-seed.ts). Run after upgrading @electric-sql/pglite:
 *
 *   npm run pglite:seed
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { SEED_DIR, pgliteVersion, seedPath } from '../db/pglite-seed.ts';

const version = pgliteVersion();
const pg = await PGlite.create();
const dump = await pg.dumpDataDir('gzip');
await pg.close();
mkdirSync(SEED_DIR, { recursive: true });
// One seed: older versions' seeds are never used again.
for (const f of readdirSync(SEED_DIR)) if (f.startsWith('pglite-') && f.endsWith('.tar.gz')) rmSync(`${SEED_DIR}${f}`);
writeFileSync(seedPath(version), Buffer.from(await dump.arrayBuffer()));
console.log(`wrote ${seedPath(version)} (${dump.size} bytes) for PGlite ${version}`);
