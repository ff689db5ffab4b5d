import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Queue } from 'bull';
import { setTimeout as sleep } from 'node:timers/promises';
import { ModerationDatabase } from '../../../database/moderation-database';
import { isModerationError } from '../../../engine/errors/moderation-error';
import { AppErrorCode } from '../../../shared/errors/app-error-code';
import { ModerationJobData } from './moderation-job.types';
import { ResolvedQueueOptions } from './moderation-queue-options';
import { MODERATION_QUEUE } from './queue-names';
import { MODERATION_QUEUE_OPTIONS } from './queue.tokens';

/** Failures of a dependency that comes back on its own: a job that meets one waits, it does not fail. */
const OUTAGE_CODES: ReadonlySet<string> = new Set<string>([AppErrorCode.DatabaseUnavailable, AppErrorCode.ImageStoreUnavailable]);

/** First and longest pause between two probes of an unreachable database. */
const FIRST_PROBE_MS = 250;
const LONGEST_PROBE_MS = 5_000;

/** True when `error` is a dependency outage (DATABASE_UNAVAILABLE, IMAGE_STORE_UNAVAILABLE). */
export function isDependencyOutage(error: unknown): boolean {
  return isModerationError(error) && OUTAGE_CODES.has(error.code);
}

/**
 * While the database is unreachable this process takes no moderation jobs: the first job that meets
 * the outage pauses the local worker, and a probe (`SELECT 1`, backing off to every 5 s) resumes it
 * once the database answers. Without it every waiting job would be taken, fail and be put back, over
 * and over, for as long as the outage lasts. Other processes pause themselves the same way.
 */
@Injectable()
export class DependencyOutage implements OnModuleDestroy {
  private readonly logger = new Logger('ModerationQueue');
  private probing: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(
    @InjectQueue(MODERATION_QUEUE) private readonly queue: Queue<ModerationJobData>,
    private readonly database: ModerationDatabase,
    @Inject(MODERATION_QUEUE_OPTIONS) private readonly options: ResolvedQueueOptions,
  ) {}

  /** True while this process waits for the database. */
  get waiting(): boolean {
    return this.probing !== undefined;
  }

  /** Called with each outage a job met; a database outage pauses this process until the database answers. */
  report(error: unknown): void {
    if (!isModerationError(error) || error.code !== AppErrorCode.DatabaseUnavailable) return;
    if (this.probing || this.stopping.signal.aborted || !this.options.runProcessors) return;
    this.probing = this.pauseUntilAnswered().finally(() => {
      this.probing = undefined;
    });
  }

  onModuleDestroy(): void {
    // Before the queue lifecycle stops the queue: a probe must not resume a closing queue.
    this.stopping.abort();
  }

  private async pauseUntilAnswered(): Promise<void> {
    const started = Date.now();
    // Local, and without waiting for the jobs under way: they meet the outage too and go back.
    await this.queue.pause(true, true).catch((error: unknown) => this.logger.warn(`could not pause the queue: ${String(error)}`));
    this.logger.warn('the database does not answer: this process takes no jobs until it does');
    let delay = FIRST_PROBE_MS;
    for (;;) {
      try {
        await sleep(delay, undefined, { signal: this.stopping.signal });
      } catch {
        return;
      }
      if (await this.database.ping().then(() => true, () => false)) break;
      delay = Math.min(delay * 2, LONGEST_PROBE_MS);
    }
    await this.queue.resume(true);
    this.logger.log(`the database answers again after ${Math.round((Date.now() - started) / 1000)} s; taking jobs`);
  }
}
