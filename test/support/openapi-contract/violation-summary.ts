import { ContractViolation } from './contract-violation';

/** Violations that are the same fault of the document or the server: one operation, one status, one kind of problem. */
export interface ViolationGroup {
  readonly operation: string;
  readonly status: number;
  readonly kind: ContractViolation['kind'];
  readonly count: number;
  /** The first violation of the group, with its full message. */
  readonly example: ContractViolation;
}

/** Groups violations so a thousand 401s read as one line with a count. */
export function groupViolations(violations: readonly ContractViolation[]): ViolationGroup[] {
  const groups = new Map<string, ViolationGroup>();
  for (const violation of violations) {
    // Two different schema faults on one status stay two groups; the same fault with other values is one.
    const key = `${violation.operation} ${violation.status} ${violation.kind} ${violation.signature}`;
    const group = groups.get(key);
    groups.set(key, group ? { ...group, count: group.count + 1 } : { operation: violation.operation, status: violation.status, kind: violation.kind, count: 1, example: violation });
  }
  return [...groups.values()].sort((a, b) => a.operation.localeCompare(b.operation) || a.status - b.status || a.kind.localeCompare(b.kind));
}

/** A readable report: one line per group, then each group's first message. */
export function summarizeViolations(violations: readonly ContractViolation[]): string {
  const groups = groupViolations(violations);
  const lines = [`${violations.length} OpenAPI contract violation(s) in ${groups.length} group(s), including any that already rejected their fetch (the list also catches rejections the code under test swallowed):`];
  for (const group of groups) lines.push(`  ${group.operation} ${group.status} ${group.kind} (x${group.count})`);
  lines.push('', 'First of each:');
  for (const group of groups) lines.push(`- ${group.example.message}`);
  return lines.join('\n');
}
