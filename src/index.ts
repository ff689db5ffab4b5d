/**
 * clip-moderation: CLIP image moderation for NestJS apps. The package root exports the module and
 * its service, their options, the errors and the engine; policy tuning is at
 * `clip-moderation/tuning`.
 */
import 'reflect-metadata';

// The NestJS module, the service and the upload hook.
export { ModerationModule } from './app/moderation.module';
export type { ModerationModuleAsyncOptions } from './app/moderation.module';
export type { ModerationModuleOptions } from './app/moderation-module-options';
export { ModerationHttpModule } from './app/moderation-http.module';
export { configureHttpApp } from './app/configure-http-app';
// Prometheus: the registry every family is in, and the module serving it at /metrics.
export { MetricsRegistry } from './core/metrics/metrics-registry';
export { MetricsHttpModule } from './features/metrics/metrics-http.module';
export type { MetricsOptions } from './features/metrics/metrics-options';
export { ModerationService } from './core/moderation.service';
export type { ModerateOptions, ModerationOutcome } from './core/moderation.service';
export { ModerateUpload } from './core/upload/moderate-upload.decorator';
export type { ModerateUploadOptions } from './core/upload/moderate-upload-options';
export type { ModeratedRequest, RequestModeration } from './core/upload/moderated-request';
export type { UploadedFile } from './core/upload/uploaded-file';
export type { UploadInput } from './core/upload/read-upload';
export type { DecisionFilter, DecisionMode, DecisionPage, StoredDecision } from './core/decisions/decision.types';
export type { EnqueueOptions, JobFailure, ModerationJobState, ModerationJobStatus } from './core/jobs/moderation-job';
export type { DatabaseConfig } from './database/database-config';
export type { ReviewQueueOptions } from './features/review/review-options';
export type { ImageStorageOptions } from './features/review/storage/image-storage-options';
export type { ImageStore, TransactionalImageWrites } from './features/review/storage/image-store';
export type { S3ImageStoreOptions } from './features/review/storage/s3-image-store-options';
export type { AuthOptions } from './features/access/auth/auth-options';
// Your own routes in an app serving the HTTP API declare who may call them.
export { Public, Roles } from './features/access/auth/roles.decorator';
export type { Role } from './features/access/auth/role';

// Errors: one class, stable codes, one table of HTTP statuses.
export { ModerationError, isModerationError } from './engine/errors/moderation-error';
export type { ModerationErrorDetails } from './engine/errors/moderation-error';
export { IMAGE_ERROR_CODES, ModerationErrorCode } from './engine/errors/moderation-error-code';
export { AppErrorCode, ERROR_CODES } from './shared/errors/app-error-code';
export type { AppError, ErrorCode } from './shared/errors/app-error-code';
export { MODERATION_HTTP_STATUS } from './shared/http/moderation-http-status';
export type { ErrorBody } from './shared/http/error-body';

// The framework-free engine.
export { ModerationEngine } from './engine/moderation-engine';
export type { EngineObserver, EngineStats } from './engine/moderation-engine';
export type { ScoreOptions } from './engine/score-options';
export { DEFAULT_ADMISSION, DEFAULT_BATCHING, DEFAULT_INFERENCE, DEFAULT_MODEL_ID, defaultCacheDir } from './engine/engine-options';
export type { EngineDownloadOptions, EngineInferenceOptions, ModerationEngineOptions } from './engine/engine-options';
export type { AdmissionOptions } from './engine/admission/admission-options';
export type { InferenceRuntime } from './engine/inference/encoder-host';
export type { CategoryDecision, ContentFacts, ModerationDecision, StageTimings } from './engine/scoring/moderation-decision';
export { MODEL_DTYPES, isModelDtype } from './engine/model/model-dtype';
export type { ModelDtype } from './engine/model/model-dtype';
export type { ModelIdentity } from './engine/model/model-identity';
export { quantizeModelFolder } from './engine/model/quantize/quantize-model-folder';
export type { QuantizeFolderOptions, QuantizedFile } from './engine/model/quantize/quantize-model-folder';
export { downloadHubModel, isHubModelId } from './engine/hub';
export type { HubDownloadOptions } from './engine/hub';
export * from './engine/policy';
export type { ImageFormat, ImageLimits } from './engine/image';
export { DEFAULT_ALLOWED_FORMATS, DEFAULT_IMAGE_LIMITS } from './engine/image';
// PDQ perceptual hashes: of an upload (the hash its decision carries), hex and word forms, Hamming distance.
export { hashImage } from './engine/image/hash-image';
export * from './engine/pdq';
// Hash banks: the in-memory matcher every process holds (inject it where an upload's PDQ hash is at hand).
export { HashBankMatcher } from './features/banks/matching/hash-bank-matcher';
export type { BankMatch, PdqToMatch } from './features/banks/matching/bank-match';
export type { BankAction, BankSettings } from './features/banks/bank-types';
export type { BankOptions } from './features/banks/bank-options';
// Embedding banks: the matcher of removed pictures' CLIP embeddings every process holds.
export { EmbeddingBankMatcher } from './features/banks/embedding/matching/embedding-bank-matcher';
export type { EmbeddingBankHit } from './features/banks/embedding/matching/embedding-bank-matcher';
export type { EmbeddingBankSettings } from './features/banks/embedding/embedding-bank-types';
export type { EmbeddingContentMatch, EmbeddingMatcher, KnownContentMatch, PdqContentMatch } from './engine/scoring/known-content-match';
