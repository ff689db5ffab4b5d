import { childPath, PolicyIssue } from './policy-issue';
import { UNKNOWN_KEY_REASON } from './validation-issues';

/**
 * Keys class-transformer drops without a word (to prevent prototype pollution), so the unknown-key
 * check never sees them. None is a valid policy field; they are reported here instead of vanishing.
 */
const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Every occurrence of a reserved key in the raw YAML data, as unknown-field issues. */
export function reservedKeyIssues(value: unknown, path = ''): PolicyIssue[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => reservedKeyIssues(item, childPath(path, index)));
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => {
    const field = childPath(path, key);
    if (RESERVED_KEYS.includes(key)) return [{ field, reason: UNKNOWN_KEY_REASON }];
    return reservedKeyIssues((value as Record<string, unknown>)[key], field);
  });
}
