import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';

type Schema = SchemaObject | ReferenceObject;

/**
 * Marks every schema a request body uses (directly or nested) `additionalProperties: false`: the
 * validation pipe refuses unknown fields (VALIDATION_FAILED), and the document says so, so clients
 * and generated types know an extra field is an error, not ignored.
 */
export function closeRequestBodies(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const seen = new Set<string>();
  const pending: Schema[] = [];
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of [pathItem.put, pathItem.post, pathItem.patch]) {
      const body = operation?.requestBody;
      const schema = body && 'content' in body ? body.content['application/json']?.schema : undefined;
      if (schema) pending.push(schema);
    }
  }
  while (pending.length > 0) {
    const schema = pending.pop()!;
    if ('$ref' in schema) {
      const name = schema.$ref.split('/').pop()!;
      if (!seen.has(name) && schemas[name]) {
        seen.add(name);
        pending.push(schemas[name]!);
      }
      continue;
    }
    if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
    pending.push(...Object.values(schema.properties ?? {}), ...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? []));
    if (schema.items) pending.push(schema.items);
  }
}
