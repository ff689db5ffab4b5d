/**
 * The parts of an OpenAPI 3.0 / 3.1 document the contract checks and the fuzz read. Kept loose on
 * purpose: the document arrives as JSON from a server under test, so every field is optional and
 * checked where it is used rather than trusted.
 */

/** A JSON Schema (an OpenAPI 3.0 schema object or a 3.1 / 2020-12 schema); only the keywords read here are named. */
export interface SchemaObject {
  readonly [keyword: string]: unknown;
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly nullable?: boolean;
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly required?: readonly string[];
  readonly items?: SchemaObject;
  readonly allOf?: readonly SchemaObject[];
  readonly anyOf?: readonly SchemaObject[];
  readonly oneOf?: readonly SchemaObject[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** A `{ $ref }` to somewhere else in the document. */
export interface Reference {
  readonly $ref: string;
}

export interface MediaTypeObject {
  readonly schema?: SchemaObject;
}

export interface ResponseObject {
  readonly description?: string;
  readonly content?: Readonly<Record<string, MediaTypeObject>>;
}

export interface ParameterObject {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: SchemaObject;
}

export interface RequestBodyObject {
  readonly required?: boolean;
  readonly content?: Readonly<Record<string, MediaTypeObject>>;
}

export interface OperationObject {
  readonly operationId?: string;
  readonly parameters?: readonly (ParameterObject | Reference)[];
  readonly requestBody?: RequestBodyObject | Reference;
  readonly responses?: Readonly<Record<string, ResponseObject | Reference>>;
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}

/** The HTTP methods a path item may hold operations for, as OpenAPI spells them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PathItemObject = Readonly<Partial<Record<HttpMethod, OperationObject>>> & {
  readonly parameters?: readonly (ParameterObject | Reference)[];
};

export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Readonly<Record<string, PathItemObject>>;
  readonly components?: {
    readonly schemas?: Readonly<Record<string, SchemaObject>>;
    readonly [section: string]: unknown;
  };
}

/** The value as an OpenAPI 3.x document, or null when it is something else (another server's JSON). */
export function readOpenApiDocument(value: unknown): OpenApiDocument | null {
  if (!isRecord(value)) return null;
  if (typeof value.openapi !== 'string' || !value.openapi.startsWith('3.')) return null;
  if (!isRecord(value.paths)) return null;
  return value as unknown as OpenApiDocument;
}

/** Whether the document uses OpenAPI 3.0 schemas (`nullable`, boolean `exclusiveMinimum`) rather than JSON Schema 2020-12. */
export function usesOpenApi30Schemas(document: OpenApiDocument): boolean {
  return document.openapi.startsWith('3.0');
}

export function isReference(value: unknown): value is Reference {
  return isRecord(value) && typeof value.$ref === 'string';
}

/**
 * Follows local `$ref`s (`#/components/...`) until it reaches an object; null when a reference
 * leads nowhere. Parameters, bodies and responses may be references in any OpenAPI document.
 */
export function resolveReference<T>(document: OpenApiDocument, value: T | Reference): T | null {
  let current: unknown = value;
  for (let hops = 0; isReference(current); hops++) {
    if (hops > 32 || !current.$ref.startsWith('#/')) return null;
    current = current.$ref
      .slice(2)
      .split('/')
      .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), document);
  }
  return current === undefined ? null : (current as T);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
