import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** Top-level keys that describe a policy rather than make it up, so they never feed its version. */
const EXCLUDED_KEYS: ReadonlySet<string> = new Set(['version', 'sourceFile']);

/**
 * The version of a normalised policy: `sha256:` + the first 16 hex digits of sha256 over its
 * canonical JSON (sorted keys). Recorded with every decision so a result can be traced to the
 * exact prompts and thresholds that produced it. `version` and `sourceFile` are ignored when
 * present, so `policyVersion(policy) === policy.version` for any loaded policy.
 */
export function policyVersion(normalised: object): string {
  const content = Object.fromEntries(Object.entries(normalised).filter(([key]) => !EXCLUDED_KEYS.has(key)));
  // 64 bits is plenty to tell a handful of policy revisions apart and keeps log lines short.
  return `sha256:${createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 16)}`;
}
