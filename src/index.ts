/**
 * clip-moderation: image moderation with CLIP against plain-language policies.
 * The engine is framework-free; the NestJS module builds on it.
 */
import 'reflect-metadata';

export { ModerationEngine } from './engine/moderation-engine';
export type { EngineStats, ScoreOptions } from './engine/moderation-engine';
export { DEFAULT_ADMISSION, DEFAULT_BATCHING, DEFAULT_INFERENCE, DEFAULT_MODEL_ID, defaultCacheDir } from './engine/engine-options';
export type { EngineDownloadOptions, EngineInferenceOptions, ModerationEngineOptions } from './engine/engine-options';
export type { AdmissionOptions } from './engine/admission/admission-options';
export type { InferenceRuntime } from './engine/inference/encoder-host';
export { quantizeModelFolder } from './engine/model/quantize/quantize-model-folder';
export type { QuantizeFolderOptions, QuantizedFile } from './engine/model/quantize/quantize-model-folder';
export { ModerationError, isModerationError } from './engine/errors/moderation-error';
export type { ModerationErrorDetails } from './engine/errors/moderation-error';
export { IMAGE_ERROR_CODES, ModerationErrorCode } from './engine/errors/moderation-error-code';
export type { CategoryDecision, ContentFacts, ModerationDecision, StageTimings } from './engine/scoring/moderation-decision';
export { decide } from './engine/scoring/decide';
export type { Verdict } from './engine/scoring/decide';
export type { CompiledCategory, CompiledPolicy } from './engine/scoring/compiled-policy';
export { MODEL_DTYPES, isModelDtype } from './engine/model/model-dtype';
export type { ModelDtype } from './engine/model/model-dtype';
export type { ModelIdentity } from './engine/model/model-identity';
export type { ModelLayout } from './engine/model/model-layout';
export * from './engine/policy';
export * from './engine/image';
export { downloadHubModel, isHubModelId } from './engine/hub';
export type { HubDownloadOptions } from './engine/hub';
export { ModerationEnvironment } from './config/moderation-environment';
export { loadEnvironment } from './config/load-environment';
export type { ConfigProblem } from './config/load-environment';
export { engineOptionsFromEnvironment } from './config/engine-options-from-environment';

// NestJS module, upload hook and HTTP API.
export { ModerationModule } from './module/moderation.module';
export type { ModerationModuleExtras } from './module/moderation.module-definition';
export { MODERATION_MODULE_OPTIONS } from './module/moderation.module-definition';
export type { ModerationModuleOptions } from './module/moderation-module-options';
export { ModerationService } from './module/moderation.service';
export type { ModerateOptions, ModerationOutcome } from './module/moderation.service';
export { DECISION_STORE, HELD_UPLOAD_STORE, MODERATION_DATA_SOURCE, MODERATION_ENGINE } from './module/moderation.tokens';
export { LocalHeldUploadStore } from './module/held-upload-store';
export type { HeldUploadStore } from './module/held-upload-store';
export type { UploadInput } from './module/read-upload';
export { ModerateUpload } from './module/upload/moderate-upload.decorator';
export { ModerateUploadInterceptor } from './module/upload/moderate-upload.interceptor';
export type { ModerateUploadOptions } from './module/upload/moderate-upload-options';
export type { ModeratedRequest, RequestModeration } from './module/upload/moderated-request';
export { ModerationHttpModule } from './http/moderation-http.module';
export { configureHttpApp } from './http/configure-http-app';
export { createOpenApiDocument } from './http/openapi';
export { ModerationExceptionFilter } from './http/moderation-exception.filter';
export { MODERATION_HTTP_STATUS } from './http/moderation-http-status';
export type { ErrorBody } from './http/error-body';
export * from './persistence';

// Asynchronous moderation: queue, worker and webhooks.
export * from './queue';

// Human review queue, API keys and roles, audit trail, image storage and the review console.
export * from './review';
export * from './auth';
export * from './audit';
export * from './storage';
export { ConsoleModule } from './console/console.module';

// Policy tuning: evaluation, threshold suggestions, replay, reports and the prompt linter.
export * from './tuning';
// Policy versions: active and shadow versions, promotion, history and diff.
export * from './policy-versions';
