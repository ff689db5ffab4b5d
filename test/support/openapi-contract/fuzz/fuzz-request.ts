import fc from 'fast-check';
import { MatchedOperation } from '../operation-index';
import { OpenApiDocument, ParameterObject, Reference, RequestBodyObject, resolveReference } from '../openapi-document';
import { FuzzBody, jsonBody } from './body-values';
import { pathParameterKey } from './known-values';
import { ParameterValue, headerValue, parameterValue } from './parameter-values';
import { SchemaValueContext } from './schema-values';

/** Who a request claims to be: a label for reports and the headers that say so. */
export interface Credential {
  readonly label: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** One generated request, ready to send. */
export interface FuzzRequest {
  readonly method: string;
  /** The path with its parameters filled in and encoded, plus the query string (with its `?`). */
  readonly target: string;
  readonly credential: Credential;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: FuzzBody;
}

/**
 * Longest path and query sent. Node answers 431 to a request line past its 16 KiB header limit
 * before the application sees it; that limit belongs to the HTTP server (test/app/http-hardening),
 * not to any operation, so requests that long are not generated.
 */
const MAX_TARGET_LENGTH = 12 * 1024;

/** Requests for one operation: its parameters, its JSON body (if it takes one) and a credential. */
export function fuzzRequest(matched: MatchedOperation, credentials: fc.Arbitrary<Credential>, context: SchemaValueContext): fc.Arbitrary<FuzzRequest> {
  const parameters = operationParameters(context.document, matched);
  const values = Object.fromEntries(
    parameters.map((parameter) => {
      const arbitrary: fc.Arbitrary<ParameterValue> =
        parameter.in === 'header' ? headerValue(parameter) : parameterValue(parameter, parameter.in === 'path' ? pathParameterKey(matched.template, parameter.name) : parameter.name, context);
      return [`${parameter.in}:${parameter.name}`, arbitrary];
    }),
  );
  const request = fc.record({ values: fc.record(values), credential: credentials, body: bodyFor(matched, context) }).map(({ values: chosen, credential, body }) => {
    let path = matched.template;
    const query = new URLSearchParams();
    const headers: Record<string, string> = { ...credential.headers };
    for (const parameter of parameters) {
      const value = chosen[`${parameter.in}:${parameter.name}`];
      if (value === undefined) continue;
      const list = typeof value === 'string' ? [value] : value;
      if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodePathSegment(list[0] ?? ''));
      else if (parameter.in === 'query') for (const item of list) query.append(parameter.name, item);
      else if (parameter.in === 'header') headers[parameter.name] = list[0] ?? '';
    }
    if (body) headers['content-type'] = body.contentType;
    const search = query.toString();
    return { method: matched.method.toUpperCase(), target: `${path}${search ? `?${search}` : ''}`, credential, headers, ...(body ? { body } : {}) };
  });
  return request.filter((generated) => generated.target.length <= MAX_TARGET_LENGTH);
}

/** The operation's parameters with the path item's own, references followed; cookies are left out (the API uses none). */
function operationParameters(document: OpenApiDocument, matched: MatchedOperation): ParameterObject[] {
  const shared = document.paths[matched.template]?.parameters ?? [];
  const own = matched.operation.parameters ?? [];
  const resolved = [...shared, ...own].map((parameter) => resolveReference<ParameterObject>(document, parameter as ParameterObject | Reference));
  const byKey = new Map<string, ParameterObject>();
  for (const parameter of resolved) if (parameter && parameter.in !== 'cookie') byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  return [...byKey.values()];
}

/**
 * A JSON body from the operation's schema; operations without a JSON body get none, or now and
 * then a stray one. Multipart and raw image bodies are not generated: decoding images is the
 * engine's business and is tested with real images elsewhere.
 */
function bodyFor(matched: MatchedOperation, context: SchemaValueContext): fc.Arbitrary<FuzzBody | undefined> {
  const requestBody = matched.operation.requestBody ? resolveReference<RequestBodyObject>(context.document, matched.operation.requestBody) : null;
  const json = requestBody?.content?.['application/json'];
  if (json) return jsonBody(json.schema, context);
  if (matched.method === 'get' || matched.method === 'head') return fc.constant(undefined);
  return fc.option(jsonBody(undefined, context), { nil: undefined, freq: 4 });
}

/** Percent-encodes a path segment; a lone surrogate, which encodeURIComponent refuses, goes as U+FFFD like a browser sends it. */
function encodePathSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
}
