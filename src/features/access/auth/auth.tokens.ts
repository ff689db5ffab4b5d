/** Injection token of the {@link ApiKeyStore}. */
export const API_KEY_STORE = Symbol('API_KEY_STORE');
