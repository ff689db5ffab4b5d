import { SchemaObject, isRecord } from './openapi-document';

/** Where `#/components/schemas/X` points once the components are registered with ajv as one schema's `$defs`. */
export const COMPONENTS_SCHEMA_ID = 'https://openapi-contract.invalid/components';
const COMPONENT_REF_PREFIX = '#/components/schemas/';

/** Keywords whose value is one subschema (or, for `items` and `additionalProperties`, sometimes not). */
const SINGLE_SUBSCHEMA = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'additionalItems', 'unevaluatedItems', 'unevaluatedProperties'];
/** Keywords whose value is a list of subschemas. */
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/** Keywords whose value maps names to subschemas. */
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];

/**
 * Rewrites an OpenAPI schema into JSON Schema 2020-12 that ajv can compile next to the components:
 * component references point into {@link COMPONENTS_SCHEMA_ID}, and for OpenAPI 3.0 documents the
 * 3.0-only spellings become their 2020-12 equivalents (`nullable`, boolean exclusive bounds).
 * Only schema positions are walked, so `example`, `default` and `enum` values are copied untouched.
 */
export function toJsonSchema2020(schema: SchemaObject, openApi30: boolean): SchemaObject {
  const converted: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === '$ref' && typeof value === 'string') converted.$ref = rewriteReference(value);
    else if (SINGLE_SUBSCHEMA.includes(keyword)) converted[keyword] = convertSubschema(value, openApi30);
    else if (SUBSCHEMA_LISTS.includes(keyword) && Array.isArray(value)) converted[keyword] = value.map((item) => convertSubschema(item, openApi30));
    else if (SUBSCHEMA_MAPS.includes(keyword) && isRecord(value)) converted[keyword] = mapValues(value, (item) => convertSubschema(item, openApi30));
    else converted[keyword] = value;
  }
  return openApi30 ? fromOpenApi30(converted) : converted;
}

function convertSubschema(value: unknown, openApi30: boolean): unknown {
  // `items` may be a list (draft-04 tuples) and `additionalProperties` a boolean; both pass through as they are.
  if (Array.isArray(value)) return value.map((item) => convertSubschema(item, openApi30));
  return isRecord(value) ? toJsonSchema2020(value as SchemaObject, openApi30) : value;
}

function rewriteReference(reference: string): string {
  return reference.startsWith(COMPONENT_REF_PREFIX) ? `${COMPONENTS_SCHEMA_ID}#/$defs/${reference.slice(COMPONENT_REF_PREFIX.length)}` : reference;
}

/** The 3.0 keywords that JSON Schema 2020-12 spells differently, on one (already walked) schema node. */
function fromOpenApi30(node: Record<string, unknown>): SchemaObject {
  const result: Record<string, unknown> = { ...node };
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    // 3.0 (like draft-04) marks the bound itself as exclusive; 2020-12 carries the number in the keyword.
    if (typeof result[flag] !== 'boolean') continue;
    if (result[flag] === true && typeof result[bound] === 'number') {
      result[flag] = result[bound];
      delete result[bound];
    } else {
      delete result[flag];
    }
  }
  if (result.nullable !== true) {
    delete result.nullable;
    return result;
  }
  delete result.nullable;
  const composed = typeof result.$ref === 'string' || ['allOf', 'anyOf', 'oneOf'].some((keyword) => keyword in result);
  if (typeof result.type === 'string' && !composed) {
    result.type = [result.type, 'null'];
    // An enum lists every allowed value, so null has to be one of them too.
    if (Array.isArray(result.enum) && !result.enum.includes(null)) result.enum = [...result.enum, null];
    return result;
  }
  if (!composed) return result;
  // `nullable` next to a reference or a composition (how NestJS writes a nullable DTO) means "this, or null".
  const { description, title, ...rest } = result;
  return { ...(description === undefined ? {} : { description }), ...(title === undefined ? {} : { title }), anyOf: [{ type: 'null' }, rest] };
}

function mapValues(record: Record<string, unknown>, convert: (value: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, convert(value)]));
}
