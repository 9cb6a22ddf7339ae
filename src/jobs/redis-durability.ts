import type { Redis } from 'ioredis';

/** What in Redis's configuration could lose queued jobs. */
export interface DurabilityReport {
  readonly maxmemoryPolicy: string | undefined;
  readonly aofEnabled: boolean | undefined;
  readonly rdbSaveRules: string | undefined;
  /** Human sentences, empty when jobs are safe. */
  readonly problems: string[];
}

/**
 * Reads Redis's eviction policy and persistence. BullMQ needs `maxmemory-policy noeviction`
 * (an evicting Redis silently drops job keys) and AOF or RDB snapshots (a restart without
 * persistence empties the queue: issue 10 saw a backfill stop at 10 of 30 releases, unnoticed).
 * Managed Redis may refuse CONFIG: what cannot be read is reported as unknown, not as safe.
 */
export async function checkRedisDurability(conn: Redis): Promise<DurabilityReport> {
  const problems: string[] = [];
  const policy = await configGet(conn, 'maxmemory-policy');
  const save = await configGet(conn, 'save');
  let aofEnabled: boolean | undefined;
  try {
    const info = await conn.info('persistence');
    const m = /^aof_enabled:(\d)/m.exec(info);
    aofEnabled = m ? m[1] === '1' : undefined;
  } catch {
    aofEnabled = undefined;
  }
  if (policy === undefined) problems.push('maxmemory-policy could not be read (CONFIG GET refused); make sure it is noeviction');
  else if (policy !== 'noeviction') problems.push(`maxmemory-policy is "${policy}": Redis may evict job keys under memory pressure; set it to noeviction`);
  if (aofEnabled === false && save !== undefined && save.trim() === '') {
    problems.push('persistence is off (appendonly no, no save rules): a Redis restart loses every queued job; enable AOF (appendonly yes)');
  } else if (aofEnabled === undefined && save === undefined) {
    problems.push('persistence could not be read; make sure AOF or RDB snapshots are on');
  }
  return { maxmemoryPolicy: policy, aofEnabled, rdbSaveRules: save, problems };
}

async function configGet(conn: Redis, key: string): Promise<string | undefined> {
  try {
    const r = (await conn.config('GET', key)) as string[];
    return r.length >= 2 ? r[1] : undefined;
  } catch {
    return undefined;
  }
}
