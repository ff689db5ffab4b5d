import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { IMAGE_STORAGE_SETTINGS } from './storage.tokens';
import { ResolvedImageStorage } from './resolve-image-storage';

/** Says which image store is in use at start (never a credential) and releases it at shutdown. */
@Injectable()
export class ImageStoreLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ImageStore');

  constructor(@Inject(IMAGE_STORAGE_SETTINGS) private readonly settings: ResolvedImageStorage) {}

  onApplicationBootstrap(): void {
    this.logger.log(`review images are kept in ${this.settings.description}`);
  }

  // After every module's own shutdown: jobs and sweeps under way have finished with the store.
  async onApplicationShutdown(): Promise<void> {
    await this.settings.close();
  }
}
