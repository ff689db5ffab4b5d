/**
 * One problem found in a policy file. `field` is a path such as `categories[2].thresholds.block`;
 * problems with the document as a whole (YAML syntax, not a mapping) use {@link DOCUMENT_FIELD}.
 */
export interface PolicyIssue {
  field: string;
  reason: string;
  /** 1-based position in the file, when the problem is a YAML syntax error. */
  line?: number;
  column?: number;
}

/** The `field` of issues that concern the whole file rather than one key. */
export const DOCUMENT_FIELD = '(document)';

/** Appends a key or list index to a field path: `categories` + 2 -> `categories[2]`, + `id` -> `categories[2].id`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * Orders issues roughly as they appear in the file: top-level fields first, then each category
 * in list order. The sort is stable, so within one category the checks keep their order.
 */
export function inFileOrder(issues: readonly PolicyIssue[]): PolicyIssue[] {
  const categoryIndex = (issue: PolicyIssue): number => {
    const match = /^categories\[(\d+)\]/.exec(issue.field);
    return match ? Number(match[1]) : -1;
  };
  return [...issues].sort((a, b) => categoryIndex(a) - categoryIndex(b));
}
