import * as openapiFetch from 'openapi-fetch';

type CreateClient = typeof openapiFetch.default;

/**
 * openapi-fetch's default export, whichever build of it loaded. Its CommonJS file sets
 * `exports.default` without `__esModule`, so the SDK's CommonJS bundle, which follows Node's rules
 * (a CommonJS module's default import is its whole `module.exports`), sees the module object where
 * the ESM build sees the function: `import createClient from 'openapi-fetch'` then fails with
 * "is not a function" at run time while tsc is satisfied. Taking `.default` once more when the
 * function is one level down makes both builds call the same function.
 */
const loaded = openapiFetch.default as CreateClient | { readonly default: CreateClient };
export const createOpenApiClient: CreateClient = typeof loaded === 'function' ? loaded : loaded.default;
