import { createHash, randomUUID } from 'node:crypto';

/**
 * The job id for a request: random, or derived from the caller's idempotency key so that a retried
 * request finds the job its first attempt created (Bull ignores an add with an existing job id).
 * The key is scoped to the submitting API key, so two callers choosing the same key never meet.
 * Derived ids are name-based UUIDs (version 5 layout over SHA-256), so they look like any other.
 */
export function jobIdFor(idempotencyKey: string | undefined, apiKeyId?: string): string {
  if (idempotencyKey === undefined) return randomUUID();
  const hash = createHash('sha256').update(`clip-moderation:job:${apiKeyId ?? ''}:${idempotencyKey}`, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
