/** The last queued task per key; later tasks chain after it. */
const tails = new WeakMap<object, Promise<unknown>>();

/**
 * Runs `work` after every earlier task queued under `key` has settled, one at a time.
 *
 * Why: TypeORM's better-sqlite3 driver has a single connection and a single query runner for the
 * whole data source, so two overlapping `transaction()` calls do not wait for each other: the
 * second becomes a SAVEPOINT inside the first and their commits and rollbacks get mixed up.
 * Queuing the store's transactions per data source keeps each one whole. (Other processes are a
 * different matter; SQLite's own lock and the busy timeout handle those.)
 */
export function runExclusive<T>(key: object, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const result = previous.then(work, work);
  tails.set(key, result.catch(() => undefined));
  return result;
}
