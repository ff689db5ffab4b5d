import fc from 'fast-check';
import { OpenApiDocument, SchemaObject, isRecord, resolveReference } from '../openapi-document';
import { KnownValues } from './known-values';

/** What generating from a schema needs besides the schema. */
export interface SchemaValueContext {
  readonly document: OpenApiDocument;
  readonly known: KnownValues;
}

/** How deep generated values go before containers are left empty; request bodies are shallow. */
const MAX_DEPTH = 5;

/**
 * Values that fit a schema, or nearly: the shapes a real client sends (enums, uuids, timestamps,
 * numbers in range, required fields always and optional ones sometimes), with real values from the
 * server where a field's name has some. `$ref`s are followed; `allOf` is merged, `anyOf` / `oneOf`
 * pick a branch. Both OpenAPI 3.0 (`nullable`) and 3.1 (`type: [..., 'null']`) spellings are read.
 */
export function schemaValue(schema: SchemaObject, context: SchemaValueContext, name = '', depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolveReference<SchemaObject>(context.document, schema);
  if (!resolved || depth > MAX_DEPTH) return fc.constant(null);
  const nullable = resolved.nullable === true || (Array.isArray(resolved.type) && resolved.type.includes('null'));
  const value = nonNullValue(resolved, context, name, depth);
  return nullable ? fc.oneof({ arbitrary: value, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }) : value;
}

function nonNullValue(schema: SchemaObject, context: SchemaValueContext, name: string, depth: number): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  const members = (schema.enum ?? []).filter((value) => value !== null);
  if (members.length > 0) return fc.constantFrom(...members);
  if (schema.allOf) return schemaValue(mergeAllOf(schema, context), context, name, depth + 1);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const usable = branches.filter((branch) => resolveReference<SchemaObject>(context.document, branch)?.type !== 'null');
    return usable.length > 0 ? fc.oneof(...usable.map((branch) => schemaValue(branch, context, name, depth + 1))) : fc.constant(null);
  }
  const types = (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []).filter((type) => type !== 'null');
  const type = types[0] ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined);
  switch (type) {
    case 'string':
      return stringValue(schema, context, name);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return numberValue(schema);
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schema.items ? schemaValue(schema.items, context, name, depth + 1) : fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 });
    case 'object':
      return objectValue(schema, context, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringValue(schema: SchemaObject, context: SchemaValueContext, name: string): fc.Arbitrary<string> {
  const known = context.known(name);
  let generic: fc.Arbitrary<string>;
  if (schema.format === 'uuid') generic = fc.uuid();
  else if (schema.format === 'date-time') generic = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString());
  else if (schema.format === 'uri') generic = fc.webUrl();
  else {
    const examples = typeof schema.example === 'string' ? [schema.example] : [];
    const text = fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 24, 200) });
    generic = examples.length > 0 ? fc.oneof(fc.constantFrom(...examples), text) : text;
  }
  return known.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 3 }, { arbitrary: generic, weight: 1 }) : generic;
}

function numberValue(schema: SchemaObject): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1000;
  const max = schema.maximum ?? 1000;
  const fractions = fc.double({ min, max, noNaN: true });
  if (Math.ceil(min) > Math.floor(max)) return fractions;
  // Mostly whole numbers: "number" parameters (limits, counts) are integers in practice.
  return fc.oneof({ arbitrary: fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), weight: 3 }, { arbitrary: fractions, weight: 1 });
}

function objectValue(schema: SchemaObject, context: SchemaValueContext, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, schemaValue(property, context, key, depth + 1)]));
  const required = (schema.required ?? []).filter((key) => key in model);
  return fc.record(model, { requiredKeys: required });
}

/** One object schema from an `allOf` (NestJS writes `allOf: [{ $ref }]` for a nested DTO). */
function mergeAllOf(schema: SchemaObject, context: SchemaValueContext): SchemaObject {
  const { allOf, ...rest } = schema;
  const parts = (allOf ?? []).map((part) => resolveReference<SchemaObject>(context.document, part)).filter((part): part is SchemaObject => part !== null);
  const flattened = parts.map((part) => (part.allOf ? mergeAllOf(part, context) : part));
  if (flattened.length === 1 && !rest.properties) return { ...flattened[0], ...rest };
  const properties: Record<string, SchemaObject> = { ...(rest.properties ?? {}) };
  const required = new Set(rest.required ?? []);
  for (const part of flattened) {
    if (isRecord(part.properties)) Object.assign(properties, part.properties);
    for (const key of part.required ?? []) required.add(key);
  }
  return { ...rest, type: 'object', properties, required: [...required] };
}
