import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { RATE_LIMIT_GROUP_EXTENSION, ROLES } from '../../features/access';

/** Where the error body's schema is. */
const ERROR_SCHEMA = { $ref: '#/components/schemas/ErrorResponse' };

/** The header of a 429: when the key is served again. */
const RETRY_AFTER_HEADER = { description: 'Seconds until the key is served again.', schema: { type: 'integer', minimum: 1 } } as const;

/**
 * Answers every route can give beyond what its controller declares, because they come from the
 * layers in front of it: the API-key guard (401, 403, and 503 when the database that holds the keys
 * does not answer), the rate limiter on every route of a rate-limit group (429), the input pipes (400 for any parameter or body), the JSON body parser (413).
 * Added here, derived from each operation's security, roles, parameters and body, so no route can
 * forget one; a status a route already declares keeps its description, with the code added.
 */
export function completeResponses(document: OpenAPIObject): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of [pathItem.get, pathItem.put, pathItem.post, pathItem.delete, pathItem.patch]) {
      if (operation) completeOperation(operation);
    }
  }
}

function completeOperation(operation: OperationObject): void {
  const roles = (operation as OperationObject & { 'x-roles'?: readonly string[] })['x-roles'];
  const rateLimitGroup = (operation as OperationObject & Record<string, unknown>)[RATE_LIMIT_GROUP_EXTENSION];
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const jsonBody = operation.requestBody !== undefined && 'content' in operation.requestBody && 'application/json' in operation.requestBody.content;
  if (roles !== undefined) {
    add(operation, 401, 'AUTH_REQUIRED (no API key) or AUTH_INVALID_KEY (unknown, malformed or revoked key)');
    // Admin keys may use every route; any other role the route leaves out is refused.
    if (ROLES.some((role) => role !== 'admin' && !roles.includes(role))) add(operation, 403, "AUTH_FORBIDDEN (the key's role may not use this route)");
    add(operation, 503, 'DATABASE_UNAVAILABLE (the database, which holds the API keys, does not answer)');
  }
  if (typeof rateLimitGroup === 'string') {
    add(operation, 429, `RATE_LIMITED (more ${rateLimitGroup} requests than the limit configured for this key, or for this client address without a key; wait Retry-After seconds)`);
    (operation.responses[429] as ResponseObject).headers = { 'Retry-After': RETRY_AFTER_HEADER };
  }
  if (parameters.some((parameter) => parameter.in === 'query' || parameter.in === 'path') || jsonBody) {
    add(operation, 400, 'VALIDATION_FAILED (a parameter or body field is invalid or unknown, holds a control character, or nests too deep; each listed in details.errors)');
  }
  if (jsonBody) add(operation, 413, 'PAYLOAD_TOO_LARGE (a JSON body over 100 KiB)');
  for (const [status, response] of Object.entries(operation.responses)) {
    if (Number(status) >= 400) withErrorBody(response as ResponseObject);
  }
}

/** Adds the answer, or the code to an answer already declared (unless it names it already). */
function add(operation: OperationObject, status: number, description: string): void {
  const existing = operation.responses[status] as ResponseObject | undefined;
  if (!existing) {
    operation.responses[status] = { description, content: { 'application/json': { schema: ERROR_SCHEMA } } };
    return;
  }
  const code = description.slice(0, description.indexOf(' '));
  if (!existing.description.includes(code)) existing.description = `${existing.description}; ${description}`;
}

/** Error answers are JSON with the one error body, whatever the route answers when it succeeds (HTML, an image). */
function withErrorBody(response: ResponseObject): void {
  response.content = { ...(response.content ?? {}), 'application/json': response.content?.['application/json'] ?? { schema: ERROR_SCHEMA } };
  for (const mediaType of Object.keys(response.content)) {
    if (mediaType !== 'application/json') delete response.content[mediaType];
  }
}
