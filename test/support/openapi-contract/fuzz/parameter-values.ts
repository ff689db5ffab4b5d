import fc from 'fast-check';
import { ParameterObject } from '../openapi-document';
import { hostileString } from './hostile-values';
import { SchemaValueContext, schemaValue } from './schema-values';

/** A parameter as it goes on the wire: one value, a repeated query parameter, or left out. */
export type ParameterValue = string | readonly string[] | undefined;

/**
 * Values for a path or query parameter: fitting ones from its schema and from the server's real
 * values (looked up under `knownKey`), hostile strings of every kind, and for query parameters a
 * repeated parameter (which a query parser turns into an array) or, when optional, none at all.
 */
export function parameterValue(parameter: ParameterObject, knownKey: string, context: SchemaValueContext): fc.Arbitrary<ParameterValue> {
  const fromSchema = parameter.schema ? schemaValue(parameter.schema, context, knownKey).map(asText) : fc.string();
  // Path parameters here are ids, mostly uuids, even where the document types them as plain strings.
  const fitting = parameter.in === 'path' ? fc.oneof({ arbitrary: fromSchema, weight: 3 }, { arbitrary: fc.uuid(), weight: 1 }) : fromSchema;
  const options: fc.WeightedArbitrary<ParameterValue>[] = [
    { arbitrary: fitting, weight: 5 },
    { arbitrary: hostileString(), weight: 3 },
  ];
  if (parameter.in === 'query') {
    options.push({ arbitrary: fc.tuple(fitting, fc.oneof(fitting, hostileString())), weight: 1 });
    if (!parameter.required) options.push({ arbitrary: fc.constant(undefined), weight: 3 });
  }
  return fc.oneof(...options);
}

/** A header parameter: printable ASCII only, since fetch refuses anything else in a header before it is sent. */
export function headerValue(parameter: ParameterObject): fc.Arbitrary<string | undefined> {
  const value = fc.oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }), fc.integer({ min: 256, max: 4000 }).map((length) => 'k'.repeat(length)));
  return parameter.required ? value : fc.option(value, { nil: undefined });
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}
