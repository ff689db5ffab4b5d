import { AuthOptions } from './auth/auth-options';

/** The access feature's part of the module options. */
export interface AccessFeatureOptions {
  /** API keys on the HTTP API; on unless `enabled: false`. */
  readonly auth?: AuthOptions;
}
