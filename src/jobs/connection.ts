import { Redis } from 'ioredis';

/**
 * A Redis connection as BullMQ wants it: workers block on Redis, so requests must
 * not time out (maxRetriesPerRequest: null), see BullMQ "going to production".
 */
export function createRedisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}
