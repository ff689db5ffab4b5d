import { ValidationError } from 'class-validator';
import { childPath, PolicyIssue } from './policy-issue';

/** The constraint class-validator reports for keys no decorator knows (with `forbidNonWhitelisted`). */
const UNKNOWN_KEY_CONSTRAINT = 'whitelistValidation';

/** Reason given for unknown keys, worded for policy authors: an unknown key is nearly always a misspelt one. */
export const UNKNOWN_KEY_REASON = 'is not a known field (misspelt?); see policies/README.md for the allowed fields';

/**
 * Flattens class-validator's error tree into one issue per failed constraint, with field paths
 * in the same notation people use when reading YAML (`categories[2].thresholds.block`).
 */
export function validationIssues(errors: readonly ValidationError[], parentPath = ''): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  for (const error of errors) collect(error, parentPath, false, issues);
  return issues;
}

function collect(error: ValidationError, parentPath: string, parentIsList: boolean, issues: PolicyIssue[]): void {
  // Items of a validated list come back as children whose property is the index as a string.
  const key = parentIsList && /^\d+$/.test(error.property) ? Number(error.property) : error.property;
  const field = childPath(parentPath, key);
  for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
    issues.push({ field, reason: constraint === UNKNOWN_KEY_CONSTRAINT ? UNKNOWN_KEY_REASON : message });
  }
  const isList = Array.isArray(error.value);
  for (const child of error.children ?? []) collect(child, field, isList, issues);
}
