import { randomBytes } from 'node:crypto';
import Queue from 'bull';

/** The Redis every queue test uses (a local one; keys are namespaced per test file and run). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test file or run uses, so tests never see each other's jobs. */
export function testQueuePrefix(label: string): string {
  return `test-${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every Redis key under `prefix`; returns how many there were. */
export async function deleteQueueKeys(prefix: string): Promise<number> {
  // A throwaway Bull queue lends its Redis client, so the tests need no Redis library of their own.
  const queue = new Queue('cleanup', TEST_REDIS_URL, { prefix });
  try {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await queue.client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) deleted += await queue.client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  } finally {
    await queue.close();
  }
}
