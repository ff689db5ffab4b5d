import type { OpenAPIObject } from '@nestjs/swagger';

/** A schema as found in the generated document, read loosely: it is being rewritten. */
type LooseSchema = Record<string, unknown>;

/**
 * Rewrites the document @nestjs/swagger generates (OpenAPI 3.0) as OpenAPI 3.1, whose schemas are
 * JSON Schema: a `$ref` may carry a description beside it, so the one-item `allOf` wrappers 3.0
 * needed go; and null is a type, so `nullable: true` becomes `type: [..., 'null']` (or `anyOf`
 * with null for a reference), which is what validators and generators read without guessing.
 */
export function toOpenApi31(document: OpenAPIObject): void {
  document.openapi = '3.1.0';
  visit(document);
}

function visit(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) visit(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const object = node as LooseSchema;
  if (isSchemaLike(object)) rewrite(object);
  for (const value of Object.values(object)) visit(value);
}

/** Objects that carry schema keywords (the walk also passes through paths, responses, parameters). */
function isSchemaLike(object: LooseSchema): boolean {
  return 'nullable' in object || (Array.isArray(object.allOf) && object.allOf.length === 1);
}

function rewrite(schema: LooseSchema): void {
  const nullable = schema.nullable === true;
  delete schema.nullable;
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) {
    const [only] = schema.allOf as LooseSchema[];
    delete schema.allOf;
    if (nullable) {
      // NestJS writes `type: object` beside the wrapper; left there, it would refuse the null the anyOf allows.
      delete schema.type;
      schema.anyOf = [only, { type: 'null' }];
      return;
    }
    Object.assign(schema, only);
    return;
  }
  if (!nullable) return;
  if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...(schema.enum as unknown[]), null];
  if (typeof schema.$ref === 'string') {
    const { $ref, type: _type, ...rest } = schema;
    for (const key of Object.keys(schema)) delete schema[key];
    Object.assign(schema, rest, { anyOf: [{ $ref }, { type: 'null' }] });
  }
}
