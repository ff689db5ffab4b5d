import { FactoryProvider, InjectionToken } from '@nestjs/common';
import type { Queue } from 'bull';
import { IMAGE_STORE_UPLOADS, ImageStoreUploads } from '../../../core/upload/image-store-uploads';
import { ModerationError } from '../../../engine/errors/moderation-error';
import { ModerationErrorCode } from '../../../engine/errors/moderation-error-code';
import { ImageStoreUploadStore } from './image-store-upload-store';
import { ResolvedQueueOptions } from './moderation-queue-options';
import { RedisUploadStore, UploadStore } from './upload-store';

/** The {@link UploadStore} the options ask for; CONFIG_INVALID for `images` without an image store to put uploads in. */
export function uploadStoreProvider(token: symbol, queueToken: InjectionToken, optionsToken: symbol): FactoryProvider<UploadStore> {
  return {
    provide: token,
    useFactory: (queue: Queue, options: ResolvedQueueOptions, imageUploads: ImageStoreUploads | null | undefined): UploadStore => {
      if (options.uploadStore !== 'images') return new RedisUploadStore(queue);
      if (!imageUploads) {
        throw new ModerationError(ModerationErrorCode.ConfigInvalid, 'MODERATION_UPLOAD_STORE=images needs an image store with an uploads area: the built-in local, database or s3 store', {
          problems: [{ key: 'MODERATION_UPLOAD_STORE', reason: 'the image store in use (one given in the module options) keeps no uploads' }],
        });
      }
      return new ImageStoreUploadStore(queue, imageUploads);
    },
    inject: [queueToken, optionsToken, { token: IMAGE_STORE_UPLOADS, optional: true }],
  };
}
