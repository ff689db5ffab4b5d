import { ModerationOutcome } from '../moderation.service';
import { UploadedFile } from './uploaded-file';

/** What the upload hook attaches to the request before the handler runs. */
export interface RequestModeration {
  readonly decision: ModerationOutcome;
  /** True when the decision is `review` and the upload was held pending review. */
  readonly held: boolean;
}

/** A request that went through {@link ModerateUpload}: `request.moderation` holds the decision. */
export interface ModeratedRequest {
  moderation?: RequestModeration;
  /** The uploaded file, as multer's memory storage would leave it. */
  file?: UploadedFile;
}
