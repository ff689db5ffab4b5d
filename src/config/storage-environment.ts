import { RateLimitEnvironment } from './rate-limit-environment';

/** Variables of where review images and async uploads are kept (README: Configuration), checked with the rest of {@link Environment}. */
export class StorageEnvironment extends RateLimitEnvironment {}
