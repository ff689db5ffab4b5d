import fc from 'fast-check';
import { SchemaObject, isRecord } from '../openapi-document';
import { junkJsonValue } from './hostile-values';
import { SchemaValueContext, schemaValue } from './schema-values';

/** A request body as sent: its content type and its bytes as text. */
export interface FuzzBody {
  readonly contentType: string;
  readonly text: string;
}

/** Past the server's JSON body limit, so the refusal path (413) gets its turn. */
const OVERSIZED_LENGTH = 300_000;

/**
 * JSON bodies for an operation: mostly values that fit its request schema, so the route's own
 * logic runs, and otherwise the same values broken one way (a required field missing, a field of
 * the wrong type, an unknown field, nesting past any limit), wholesale junk, text that is not JSON
 * at all, and a body too large to accept.
 */
export function jsonBody(schema: SchemaObject | undefined, context: SchemaValueContext): fc.Arbitrary<FuzzBody> {
  const valid = schema ? schemaValue(schema, context) : fc.constant<unknown>({});
  const json = (value: unknown): FuzzBody => ({ contentType: 'application/json', text: JSON.stringify(value) ?? 'null' });
  return fc.oneof(
    { arbitrary: valid.map(json), weight: 6 },
    { arbitrary: fc.tuple(valid, fc.nat()).map(([value, pick]) => json(withoutOneField(value, pick))), weight: 2 },
    { arbitrary: fc.tuple(valid, junkJsonValue(), fc.nat()).map(([value, junk, pick]) => json(withOneFieldReplaced(value, junk, pick))), weight: 3 },
    { arbitrary: fc.tuple(valid, junkJsonValue()).map(([value, junk]) => json(isRecord(value) ? { ...value, unexpectedField: junk } : value)), weight: 1 },
    { arbitrary: junkJsonValue().map(json), weight: 2 },
    { arbitrary: fc.constantFrom('', '{', '{"a":', 'nul', '[1,]', "{'a':1}", '\u0000').map((text) => ({ contentType: 'application/json', text })), weight: 1 },
    { arbitrary: valid.map((value) => ({ contentType: 'text/plain', text: JSON.stringify(value) ?? '' })), weight: 1 },
    { arbitrary: fc.constant({ contentType: 'application/json', text: JSON.stringify({ padding: 'x'.repeat(OVERSIZED_LENGTH) }) }), weight: 1 },
  );
}

function withoutOneField(value: unknown, pick: number): unknown {
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 0) return value;
  const copy = { ...value };
  delete copy[keys[pick % keys.length]!];
  return copy;
}

function withOneFieldReplaced(value: unknown, junk: unknown, pick: number): unknown {
  if (!isRecord(value)) return junk;
  const keys = Object.keys(value);
  return keys.length === 0 ? junk : { ...value, [keys[pick % keys.length]!]: junk };
}
