import { ObservedResponse } from './observed-response';

/** What was wrong with a response. */
export type ViolationKind = 'undocumented-status' | 'undocumented-media-type' | 'missing-body' | 'invalid-json' | 'schema' | 'unusable-schema';

/** A response that breaks the server's own OpenAPI document; the message says which request, which rule and why. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';

  constructor(
    readonly kind: ViolationKind,
    /** The documented operation: its `operationId` (or `METHOD template`). */
    readonly operation: string,
    /** `GET /v1/decisions/{id}`: where in the document to look. */
    readonly documentedAs: string,
    readonly status: number,
    /** The request as sent (`GET /v1/decisions/abc`). */
    readonly request: string,
    /** What is wrong: one line, then (for schema problems) one indented line per error. */
    readonly problem: string,
    /** The start of the body the server sent. */
    readonly body: string,
    /** Equal for the same fault seen twice (same fields failing the same rules), whatever the values; for grouping reports. */
    readonly signature = '',
  ) {
    super(`OpenAPI contract: ${request} answered ${status} (operation ${operation}, ${documentedAs}): ${problem}\n  body: ${body}`);
  }
}

/** Longest request target quoted in a message; fuzzed paths and queries can be kilobytes long. */
const MAX_TARGET = 200;
/** Longest body excerpt quoted in a message. */
const MAX_EXCERPT = 300;

/** `GET /v1/decisions/abc?x=1`, shortened when long. */
export function describeRequest(observed: ObservedResponse): string {
  const target = `${observed.url.pathname}${observed.url.search}`;
  return `${observed.method} ${target.length > MAX_TARGET ? `${target.slice(0, MAX_TARGET)}... (${target.length} chars)` : target}`;
}

/** The start of the body, to show what the server actually said next to what the document says. */
export function bodyExcerpt(observed: ObservedResponse): string {
  if (observed.body === null) return observed.mediaType ? `(a ${observed.mediaType} body)` : '(no body)';
  return observed.body.length > MAX_EXCERPT ? `${observed.body.slice(0, MAX_EXCERPT)}...` : observed.body;
}
