import type { ErrorObject } from 'ajv/dist/2020';
import { COMPONENTS_SCHEMA_ID } from './json-schema-2020';

/** Errors listed per violation; a body that is wrong everywhere would otherwise bury the first cause. */
const MAX_ERRORS = 12;
const MAX_VALUE = 120;

/**
 * One line per ajv error: where in the body (`body/items/0/review`), what the schema wants, and the
 * value that was there, so the line alone tells whether the document or the server is wrong.
 */
export function schemaErrorLines(errors: readonly ErrorObject[], body: unknown): string[] {
  const lines = [...new Set([...missingPropertyLines(errors), ...errors.filter((error) => error.keyword !== 'required').map((error) => describeError(error, body))])];
  return lines.length > MAX_ERRORS ? [...lines.slice(0, MAX_ERRORS), `... and ${lines.length - MAX_ERRORS} more`] : lines;
}

/** Missing properties, one line per object that lacks some, so a near-empty body does not push every other error out of the list. */
function missingPropertyLines(errors: readonly ErrorObject[]): string[] {
  const missing = new Map<string, string[]>();
  for (const error of errors) {
    if (error.keyword !== 'required') continue;
    const where = `body${error.instancePath} [${documentPath(error.schemaPath)}]`;
    missing.set(where, [...(missing.get(where) ?? []), `'${String((error.params as Record<string, unknown>).missingProperty)}'`]);
  }
  return [...missing.entries()].map(([where, names]) => {
    const [path, schemaPath] = where.split(' ');
    return `${path} must have required ${names.length === 1 ? 'property' : 'properties'} ${names.join(', ')} ${schemaPath}`;
  });
}

/** The fault behind the errors without their values or array positions: which fields broke which rules. */
export function schemaErrorSignature(errors: readonly ErrorObject[]): string {
  return [...new Set(errors.map((error) => `${error.instancePath.replace(/\/\d+(?=\/|$)/g, '/*')} ${error.schemaPath}`))].sort().join(', ');
}

function describeError(error: ErrorObject, body: unknown): string {
  const where = `body${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (error.keyword === 'additionalProperties') detail = ` '${String(params.additionalProperty)}'`;
  else if (error.keyword === 'enum') detail = `: ${JSON.stringify(params.allowedValues)}`;
  else if (error.keyword === 'const') detail = `: ${JSON.stringify(params.allowedValue)}`;
  const value = valueAt(body, error.instancePath);
  const got = error.keyword === 'required' || value === undefined ? '' : `, got ${shorten(JSON.stringify(value))}`;
  return `${where} ${error.message ?? error.keyword}${detail}${got} [${documentPath(error.schemaPath)}]`;
}

/** A schema path as the document spells it (ajv knows the components under the id they were registered with). */
function documentPath(schemaPath: string): string {
  return schemaPath.replace(`${COMPONENTS_SCHEMA_ID}#/$defs/`, '#/components/schemas/');
}

/** The value a JSON pointer (ajv's `instancePath`) points at. */
function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function shorten(text: string | undefined): string {
  if (text === undefined) return 'undefined';
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}...` : text;
}
