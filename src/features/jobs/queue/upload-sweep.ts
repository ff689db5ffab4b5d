import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ImageStoreUploadStore } from './image-store-upload-store';
import { UPLOAD_STORE } from './queue.tokens';
import { UploadStore } from './upload-store';

/** How often expired uploads are looked for in the image store. */
export const UPLOAD_SWEEP_INTERVAL_MS = 60_000;

/**
 * With `MODERATION_UPLOAD_STORE=images`, removes uploads whose life ended (a job never created, a
 * finished job whose delete failed, a failed job past its retention): Redis expires its own keys,
 * the image store does not. Runs in every process with the queue; sweeps never overlap within one,
 * and shutdown waits for the one under way.
 */
@Injectable()
export class UploadSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ModerationQueue');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(@Inject(UPLOAD_STORE) private readonly uploads: UploadStore) {}

  onApplicationBootstrap(): void {
    const store = this.uploads;
    if (!(store instanceof ImageStoreUploadStore)) return;
    this.logger.log(`async uploads wait for their job in ${store.description}`);
    const schedule = (): void => {
      this.timer = setTimeout(() => {
        this.running = this.sweep(store).finally(() => {
          this.running = undefined;
          if (this.timer !== undefined) schedule();
        });
      }, UPLOAD_SWEEP_INTERVAL_MS);
      // The timer alone never keeps the process alive.
      this.timer.unref();
    };
    schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One sweep; a failure (Redis or the store away) is logged and the next sweep tries again. */
  private async sweep(store: ImageStoreUploadStore): Promise<void> {
    try {
      const removed = await store.sweepExpired();
      if (removed > 0) this.logger.log(`removed ${removed} expired uploads from the image store`);
    } catch (error) {
      this.logger.warn(`upload sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
