import { join } from 'node:path';

/** DISTRETTI_DATA_DIR when unset: `var` under the working directory (config.ts). */
export const DEFAULT_DATA_DIR = 'var';

/** Where the embedded PGlite database lives inside a data directory. */
export function embeddedDatabaseDir(dataDir: string): string {
  return join(dataDir, 'pgdata');
}
