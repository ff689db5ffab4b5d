/**
 * clip-moderation: image moderation with CLIP against plain-language policies.
 * The engine is framework-free; the NestJS module builds on it.
 */
import 'reflect-metadata';

export { ModerationEngine } from './engine/moderation-engine';
export type { EngineStats } from './engine/moderation-engine';
export { DEFAULT_BATCHING, DEFAULT_MODEL_ID, defaultCacheDir } from './engine/engine-options';
export type { EngineDownloadOptions, ModerationEngineOptions } from './engine/engine-options';
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
