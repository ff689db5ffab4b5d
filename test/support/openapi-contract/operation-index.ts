import { HTTP_METHODS, HttpMethod, OpenApiDocument, OperationObject } from './openapi-document';

/** The operation a request was matched to. */
export interface MatchedOperation {
  readonly method: HttpMethod;
  /** The path template, e.g. `/v1/decisions/{id}`. */
  readonly template: string;
  readonly operation: OperationObject;
  /** `operationId`, or `METHOD template` when the document gives none. */
  readonly name: string;
}

interface IndexedOperation extends MatchedOperation {
  readonly pattern: RegExp;
  readonly parameterCount: number;
  readonly literalLength: number;
}

/**
 * Finds the documented operation for a method and a request path. A path may fit several templates
 * (`/v1/policies/p/versions/diff` fits `.../versions/{version}` too); the one with the fewest
 * template parameters wins, as the server's router also prefers the literal route.
 */
export class OperationIndex {
  private readonly operations: readonly IndexedOperation[];

  constructor(document: OpenApiDocument) {
    const operations: IndexedOperation[] = [];
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (!operation) continue;
        operations.push({ method, template, operation, name: operation.operationId ?? `${method.toUpperCase()} ${template}`, ...compileTemplate(template) });
      }
    }
    this.operations = operations;
  }

  /** Every operation, in document order. */
  all(): readonly MatchedOperation[] {
    return this.operations;
  }

  /** The operation for `method` on `pathname` (still percent-encoded, as in a URL), or null when none is documented. */
  find(method: string, pathname: string): MatchedOperation | null {
    const wanted = method.toLowerCase();
    // Express routes `/v1/decisions/` like `/v1/decisions`, so the documented operation is the one without the slash.
    const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
    let best: IndexedOperation | null = null;
    for (const candidate of this.operations) {
      if (candidate.method !== wanted || !candidate.pattern.test(path)) continue;
      if (!best || candidate.parameterCount < best.parameterCount || (candidate.parameterCount === best.parameterCount && candidate.literalLength > best.literalLength)) {
        best = candidate;
      }
    }
    return best;
  }
}

/** A template as a regular expression: each `{name}` stands for one non-empty path segment. */
function compileTemplate(template: string): { pattern: RegExp; parameterCount: number; literalLength: number } {
  const parts = template.split(/(\{[^}/]+\})/);
  const literals = parts.filter((part) => !/^\{[^}/]+\}$/.test(part));
  const source = parts.map((part) => (/^\{[^}/]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return { pattern: new RegExp(`^${source}$`), parameterCount: parts.length - literals.length, literalLength: literals.join('').length };
}
