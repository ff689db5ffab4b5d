import type { ErrorObject } from 'ajv/dist/2020';
import { ContractViolation, ViolationKind, bodyExcerpt, describeRequest } from './contract-violation';
import { ObservedResponse, isJsonMediaType } from './observed-response';
import { MatchedOperation, OperationIndex } from './operation-index';
import { MediaTypeObject, OpenApiDocument, ResponseObject, resolveReference } from './openapi-document';
import { SchemaValidators } from './schema-validators';
import { schemaErrorLines, schemaErrorSignature } from './schema-error-text';

/**
 * What one OpenAPI document promises about responses: for a request on a documented operation,
 * the status is one the operation lists (exactly, as `4XX`, or `default`), the media type is one
 * listed for that status, and a JSON body matches the schema given for it. Requests on paths the
 * document does not describe (unknown routes, the docs and console pages) are not its business.
 */
export class ResponseContract {
  private readonly operations: OperationIndex;
  private validators: SchemaValidators | null = null;

  constructor(private readonly document: OpenApiDocument) {
    this.operations = new OperationIndex(document);
  }

  /** The violation in `observed`, or null when it keeps the contract or is on no documented operation. */
  check(observed: ObservedResponse): ContractViolation | null {
    const matched = this.operations.find(observed.method, observed.url.pathname);
    if (!matched) return null;
    const fail = (kind: ViolationKind, problem: string, signature?: string): ContractViolation =>
      new ContractViolation(kind, matched.name, `${matched.method.toUpperCase()} ${matched.template}`, observed.status, describeRequest(observed), problem, bodyExcerpt(observed), signature);

    const responses = matched.operation.responses ?? {};
    const key = documentedStatusKey(Object.keys(responses), observed.status);
    if (key === null) return fail('undocumented-status', `status ${observed.status} is not documented; documented: ${Object.keys(responses).join(', ') || 'nothing'}`);
    const documented = resolveReference<ResponseObject>(this.document, responses[key]!);
    const content = documented?.content ?? {};
    const mediaTypes = Object.keys(content);
    // A response documented without `content` says nothing about its body, so there is nothing to hold it to.
    if (mediaTypes.length === 0) return null;
    if (observed.mediaType === null) return fail('missing-body', `the response has no content-type, but status ${key} documents ${mediaTypes.join(', ')}`);
    const mediaKey = mediaTypes.find((candidate) => mediaTypeMatches(candidate, observed.mediaType!));
    if (mediaKey === undefined) return fail('undocumented-media-type', `content type ${observed.mediaType} is not documented for status ${key}; documented: ${mediaTypes.join(', ')}`);
    if (!isJsonMediaType(observed.mediaType) || observed.body === null) return null;

    let body: unknown;
    try {
      body = JSON.parse(observed.body);
    } catch {
      return fail('invalid-json', `the ${observed.mediaType} body is not valid JSON`);
    }
    const schema = (content[mediaKey] as MediaTypeObject).schema;
    if (!schema) return null;
    let errors: readonly ErrorObject[];
    try {
      errors = this.schemaValidators().errors(`${matched.method} ${matched.template} ${key} ${mediaKey}`, schema, body);
    } catch (error) {
      // A dangling `$ref` or a malformed schema is the document's fault; say so rather than fail with ajv's bare error.
      return fail('unusable-schema', `the schema documented for ${key} ${mediaKey} cannot be used: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (errors.length === 0) return null;
    return fail('schema', `the body does not match the schema documented for ${key} ${mediaKey}:\n  ${schemaErrorLines(errors, body).join('\n  ')}`, schemaErrorSignature(errors));
  }

  /** Every documented operation, for tools that walk the document (the fuzz). */
  operationsInDocument(): readonly MatchedOperation[] {
    return this.operations.all();
  }

  // Built on first use: registering a large document's components costs more than most test files need.
  private schemaValidators(): SchemaValidators {
    this.validators ??= new SchemaValidators(this.document);
    return this.validators;
  }
}

/** The `responses` key that covers `status`: the exact code, then its range (`4XX`), then `default`. */
export function documentedStatusKey(keys: readonly string[], status: number): string | null {
  const exact = keys.find((key) => key === String(status));
  if (exact !== undefined) return exact;
  const range = keys.find((key) => key.toUpperCase() === `${Math.floor(status / 100)}XX`);
  if (range !== undefined) return range;
  return keys.includes('default') ? 'default' : null;
}

/** Whether a documented media type (`application/json`, `image/*`, `*\/*`) covers the one received. */
function mediaTypeMatches(documented: string, received: string): boolean {
  const [type, subtype] = documented.split(';')[0]!.trim().toLowerCase().split('/');
  const [receivedType, receivedSubtype] = received.split('/');
  return (type === '*' || type === receivedType) && (subtype === '*' || subtype === receivedSubtype);
}
