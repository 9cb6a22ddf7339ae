import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A package loaded on first use, synchronously (its CommonJS build): for libraries that weigh
 * megabytes but serve only some commands, so a CLI call or a `worker` that never needs them does
 * not pay for them at start-up (issue 13: ≤ 120 MB for commands that do not render).
 *
 * @example
 * const cheerio = lazyRequire<typeof import('cheerio')>('cheerio');
 * const $ = cheerio().load(html);
 */
export function lazyRequire<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
