/**
 * What an API key may do:
 * - `submitter`: moderate images and read the decisions it made;
 * - `reviewer`: claim review items and decide them;
 * - `admin`: everything, including policies, keys and queues.
 */
export type Role = 'submitter' | 'reviewer' | 'admin';

/** Every role, least privileged first. */
export const ROLES: readonly Role[] = Object.freeze(['submitter', 'reviewer', 'admin'] as const);
