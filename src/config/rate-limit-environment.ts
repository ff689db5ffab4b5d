import { ObservabilityEnvironment } from './observability-environment';

/** Variables of the per-key rate limits (README: Configuration), checked with the rest of {@link Environment}. */
export class RateLimitEnvironment extends ObservabilityEnvironment {}
