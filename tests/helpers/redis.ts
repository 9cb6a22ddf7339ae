import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A queue prefix no other test uses; `cleanupPrefix` deletes every key under it. */
export function uniquePrefix(): string {
  return `test-${randomBytes(5).toString('hex')}`;
}

/** Deletes every key under `prefix` (also used by the worker-RSS bench, with its own Redis URL). */
export async function cleanupPrefix(prefix: string, redisUrl: string = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
