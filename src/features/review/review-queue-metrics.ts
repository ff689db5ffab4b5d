import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '../../core/metrics/metrics-registry';
import { ScrapeRead } from '../../core/metrics/scrape-read';
import { ResolvedReviewOptions } from './review-options';
import { ReviewQueueRepository } from './review-queue.repository';
import { STANDARD_QUEUES } from './review-types';
import { REVIEW_OPTIONS } from './review.tokens';

/** Read at most once per 5 s per process, whatever the scrapers do; a scrape waits 2 s at most. */
const DEPTHS_READ = { ttlMs: 5000, timeoutMs: 2000 };

/** One queue's open items, as the metrics report them. */
interface QueueDepth {
  pending: number;
  claimed: number;
  /** Seconds the oldest pending item has waited; 0 when none waits. */
  oldestPendingSeconds: number;
}

/**
 * Review queue depth and the age of the oldest waiting item, per queue, read from the database at
 * scrape time (every process sharing the database reports the same figures). The standard queues
 * and every queue this process has seen with items are always reported, at 0 when empty, so an
 * emptied queue reads 0 rather than disappearing.
 */
@Injectable()
export class ReviewQueueMetrics {
  private readonly known = new Set<string>(Object.values(STANDARD_QUEUES));

  constructor(queues: ReviewQueueRepository, @Inject(REVIEW_OPTIONS) options: ResolvedReviewOptions, metrics: MetricsRegistry) {
    const read = new ScrapeRead(() => this.readDepths(queues, options.clock()), DEPTHS_READ);
    const registers = [metrics.registry];
    new Gauge({
      name: 'moderation_review_queue_items',
      help: 'Open review items per queue: pending (waiting for a reviewer, a lapsed lease included) or claimed (under a live lease).',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        const depths = await read.get();
        this.reset();
        for (const [queue, depth] of depths ?? []) {
          this.set({ queue, state: 'pending' }, depth.pending);
          this.set({ queue, state: 'claimed' }, depth.claimed);
        }
      },
    });
    new Gauge({
      name: 'moderation_review_oldest_item_age_seconds',
      help: 'Age of the oldest pending review item per queue, in seconds (0 when none is pending).',
      labelNames: ['queue'] as const,
      registers,
      async collect() {
        const depths = await read.get();
        this.reset();
        for (const [queue, depth] of depths ?? []) this.set({ queue }, depth.oldestPendingSeconds);
      },
    });
  }

  private async readDepths(queues: ReviewQueueRepository, now: Date): Promise<ReadonlyMap<string, QueueDepth>> {
    const rows = await queues.depths(now);
    for (const row of rows) this.known.add(row.queue);
    const depths = new Map<string, QueueDepth>([...this.known].sort().map((queue) => [queue, { pending: 0, claimed: 0, oldestPendingSeconds: 0 }]));
    for (const row of rows) {
      const depth = depths.get(row.queue)!;
      if (row.state === 'claimed') depth.claimed = row.total;
      else {
        depth.pending = row.total;
        depth.oldestPendingSeconds = row.oldest ? Math.max(0, (now.getTime() - row.oldest.getTime()) / 1000) : 0;
      }
    }
    return depths;
  }
}
