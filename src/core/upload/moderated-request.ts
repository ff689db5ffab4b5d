import { ModerationOutcome } from '../moderation.service';

/** What the upload hook attaches to the request before the handler runs. */
export interface RequestModeration {
  readonly decision: ModerationOutcome;
  /** True when the decision is `review` and the upload was held pending review. */
  readonly held: boolean;
}

/** A request that went through {@link ModerateUpload}: `request.moderation` holds the decision. */
export interface ModeratedRequest {
  moderation?: RequestModeration;
  file?: Express.Multer.File;
}
