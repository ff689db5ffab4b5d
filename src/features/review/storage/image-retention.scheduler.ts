import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ImageRetention } from './image-retention';
import { IMAGE_STORAGE_SETTINGS } from './storage.tokens';
import { ResolvedImageStorage } from './resolve-image-storage';

/** Delay before the first sweep, so start-up (migrations, model load) is not slowed by it. */
const FIRST_SWEEP_DELAY_MS = 30_000;

/**
 * The server's periodic purge of expired image bytes: every `purgeIntervalMs` (default hourly;
 * 0 turns it off). Sweeps never overlap, and shutdown waits for one in progress.
 */
@Injectable()
export class ImageRetentionScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ImageRetention');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly retention: ImageRetention,
    @Inject(IMAGE_STORAGE_SETTINGS) private readonly settings: Pick<ResolvedImageStorage, 'store' | 'retentionDays' | 'purgeIntervalMs'>,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.settings.purgeIntervalMs;
    if (interval <= 0) return;
    const schedule = (delay: number): void => {
      this.timer = setTimeout(() => {
        this.running = this.sweep().finally(() => {
          this.running = undefined;
          if (this.timer !== undefined) schedule(interval);
        });
      }, delay);
      // The timer alone never keeps the process alive.
      this.timer.unref();
    };
    schedule(Math.min(interval, FIRST_SWEEP_DELAY_MS));
    this.logger.log(`image bytes are kept ${this.settings.retentionDays} days after their last review; sweeping every ${Math.round(interval / 60000)} min`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One sweep; failures are logged and the next sweep tries again. */
  async sweep(): Promise<void> {
    try {
      const report = await this.retention.purgeExpired();
      if (report.purged.length > 0) this.logger.log(`purged the bytes of ${report.purged.length} images last needed before ${report.cutoff}`);
    } catch (error) {
      this.logger.error(`image purge failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
