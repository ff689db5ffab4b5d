import type { Queue } from 'bull';

/** Jobs in each state, across every process sharing the queue. */
export interface QueueCounts {
  readonly waiting: number;
  readonly active: number;
  /** Waiting for a retry after a failed attempt (backoff). */
  readonly delayed: number;
  readonly failed: number;
  readonly completed: number;
  readonly paused: number;
}

/** Jobs finished recently, from the finish times Bull keeps (so it covers every worker). */
export interface QueueThroughput {
  readonly completedLastMinute: number;
  readonly failedLastMinute: number;
  /** Completed per second, averaged over the last five minutes. */
  readonly completedPerSecond: number;
}

/** One queue's figures. */
export interface QueueSnapshot {
  readonly name: string;
  readonly counts: QueueCounts;
  readonly throughput: QueueThroughput;
  /** Processes connected to take jobs; null when Redis refuses CLIENT LIST (some managed services). */
  readonly workers: number | null;
}

const MINUTE_MS = 60_000;
const WINDOW_MS = 5 * MINUTE_MS;

/**
 * Counts and throughput of one queue. Throughput counts entries of Bull's completed and failed
 * sets (scored by finish time), so it is only as long as the retention keeps them: at least a day
 * by default, far more than the five minutes looked at.
 */
export async function snapshotQueue(queue: Queue): Promise<QueueSnapshot> {
  const now = Date.now();
  const [counts, paused, completedLastMinute, failedLastMinute, completedWindow, workers] = await Promise.all([
    queue.getJobCounts(),
    queue.getPausedCount(),
    queue.client.zcount(queue.toKey('completed'), now - MINUTE_MS, '+inf'),
    queue.client.zcount(queue.toKey('failed'), now - MINUTE_MS, '+inf'),
    queue.client.zcount(queue.toKey('completed'), now - WINDOW_MS, '+inf'),
    queue.getWorkers().then(
      // Bull resolves undefined when the server does not know CLIENT at all.
      (clients: unknown[] | undefined) => (clients ? clients.length : null),
      () => null,
    ),
  ]);
  return {
    name: queue.name,
    counts: { ...counts, paused },
    throughput: { completedLastMinute, failedLastMinute, completedPerSecond: Math.round((completedWindow / (WINDOW_MS / 1000)) * 1000) / 1000 },
    workers,
  };
}

/** Figures of both queues, for the health and metrics routes. */
export interface ModerationQueueMetrics {
  readonly moderation: QueueSnapshot;
  readonly webhooks: QueueSnapshot;
}
