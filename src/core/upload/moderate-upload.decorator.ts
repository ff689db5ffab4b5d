import { SetMetadata, UseInterceptors, applyDecorators } from '@nestjs/common';
import { MODERATE_UPLOAD_OPTIONS, ModerateUploadOptions } from './moderate-upload-options';
import { ModerateUploadInterceptor } from './moderate-upload.interceptor';

/**
 * Moderates the file uploaded to a route before its handler runs. `block` answers 422 with the
 * triggered categories and the decision id, and the handler never runs; `review` and `allow` run
 * the handler with the decision on `request.moderation`. It reads the multipart upload itself
 * (no FileInterceptor needed), within the module's byte limit; the file is on `request.file`.
 *
 * @example
 * @Post('avatar')
 * @ModerateUpload({ field: 'file', policy: 'default', holdOnReview: true })
 * upload(@Req() request: ModeratedRequest) { return request.moderation; }
 */
export function ModerateUpload(options: ModerateUploadOptions = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(MODERATE_UPLOAD_OPTIONS, options), UseInterceptors(ModerateUploadInterceptor));
}
