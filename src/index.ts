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
export { ModerationModule } from './app/moderation.module';
export type { ModerationModuleExtras } from './core/moderation.module-definition';
export { MODERATION_MODULE_OPTIONS } from './core/moderation.module-definition';
export type { ModerationModuleOptions } from './core/moderation-module-options';
export { ModerationService } from './core/moderation.service';
export type { ModerateOptions, ModerationOutcome } from './core/moderation.service';
export { DECISION_STORE, HELD_UPLOAD_STORE, MODERATION_DATA_SOURCE, MODERATION_ENGINE } from './core/moderation.tokens';
export { LocalHeldUploadStore } from './core/held-upload-store';
export type { HeldUploadStore } from './core/held-upload-store';
export type { UploadInput } from './core/upload/read-upload';
export { ModerateUpload } from './core/upload/moderate-upload.decorator';
export { ModerateUploadInterceptor } from './core/upload/moderate-upload.interceptor';
export type { ModerateUploadOptions } from './core/upload/moderate-upload-options';
export type { ModeratedRequest, RequestModeration } from './core/upload/moderated-request';
export { ModerationHttpModule } from './app/moderation-http.module';
export { configureHttpApp } from './app/configure-http-app';
export { createOpenApiDocument } from './app/openapi';
export { ModerationExceptionFilter } from './shared/http/moderation-exception.filter';
export { MODERATION_HTTP_STATUS } from './shared/http/moderation-http-status';
export type { ErrorBody } from './shared/http/error-body';
export * from './database';

// Asynchronous moderation: queue, worker and webhooks.
export * from './features/jobs';

// Human review queue, API keys and roles, audit trail, image storage and the review console.
export * from './features/review';
export * from './features/access';
export * from './features/review/storage';
export { ConsoleModule } from './features/review/console/console.module';

// Policy tuning: evaluation, threshold suggestions, replay, reports and the prompt linter.
export * from './tuning';
// Policy versions: active and shadow versions, promotion, history and diff.
export * from './features/policies/versions';
