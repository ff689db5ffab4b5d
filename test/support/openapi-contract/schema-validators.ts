import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { COMPONENTS_SCHEMA_ID, toJsonSchema2020 } from './json-schema-2020';
import { OpenApiDocument, SchemaObject, usesOpenApi30Schemas } from './openapi-document';

/**
 * The JSON Schema validators for one OpenAPI document: its components registered once, and one
 * compiled validator per schema use (operation, status, media type), compiled the first time it is
 * needed and kept, since a test file sends many requests to few operations.
 */
export class SchemaValidators {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly openApi30: boolean;

  constructor(document: OpenApiDocument) {
    this.openApi30 = usesOpenApi30Schemas(document);
    this.ajv = new Ajv2020({
      allErrors: true,
      // OpenAPI adds annotation keywords (`example`, `discriminator`, `x-...`) that are not JSON Schema.
      strictSchema: false,
      // NestJS writes `type: object` next to `allOf`, and nullable types become unions.
      strictTypes: false,
      allowUnionTypes: true,
    });
    // uuid, date-time and uri are what the server documents; `binary` (image bodies) is accepted as anything.
    addFormats(this.ajv);
    const schemas = document.components?.schemas ?? {};
    const definitions = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, toJsonSchema2020(schema, this.openApi30)]));
    this.ajv.addSchema({ $id: COMPONENTS_SCHEMA_ID, $defs: definitions });
  }

  /**
   * The errors `value` has against `schema` (empty when it is valid). `key` names the schema's use,
   * so it is compiled once; a schema that does not compile (a dangling `$ref`) throws, since that is
   * a fault of the document too.
   */
  errors(key: string, schema: SchemaObject, value: unknown): readonly ErrorObject[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema2020(schema, this.openApi30));
      this.compiled.set(key, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []);
  }
}
