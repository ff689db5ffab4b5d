import { CoreOptions } from '../core/core-options';
import { AccessFeatureOptions } from '../features/access';
import { BanksFeatureOptions } from '../features/banks';
import { PolicyServingOptions } from '../features/policies';
import { ReviewFeatureOptions } from '../features/review';
import { SearchFeatureOptions } from '../features/search';

/**
 * Options of {@link ModerationModule}: the engine's (model, policies, limits, batching), where
 * decisions are logged, and the options of the features it brings (review queue and image store,
 * policy versions, hash banks) and of the HTTP API's keys.
 */
export interface ModerationModuleOptions extends CoreOptions, ReviewFeatureOptions, PolicyServingOptions, AccessFeatureOptions, BanksFeatureOptions, SearchFeatureOptions {}
