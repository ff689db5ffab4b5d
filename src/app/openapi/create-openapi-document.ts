import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_HEADER_SCHEME, API_KEY_SCHEME } from '../../features/access';
import { closeRequestBodies } from './close-request-bodies';
import { completeResponses } from './complete-responses';
import { describeRawImageBodies } from './describe-raw-image-bodies';
import { toOpenApi31 } from './to-openapi-31';

/**
 * Builds the OpenAPI document from the running app's controllers (operation ids are the handler
 * names, which are part of the API), then completes it into a contract: the answers of the layers
 * in front of every route, closed request bodies, public routes marked, OpenAPI 3.1.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('clip-moderation')
    .setDescription('Image moderation with CLIP against plain-language policies. Every decision is logged with the scores and thresholds behind it.')
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addServer('/', 'This server')
    // Keys are opaque secrets (not JWTs), sent as a bearer token or in X-Api-Key.
    .addSecurity(API_KEY_SCHEME, { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer <key>`' })
    .addSecurity(API_KEY_HEADER_SCHEME, { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'An API key in the `X-Api-Key` header' })
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (_controller, method) => method });
  describeRawImageBodies(document);
  markPublicOperations(document);
  completeResponses(document);
  closeRequestBodies(document);
  toOpenApi31(document);
  return document;
}

/** Operations that need no key say so (`security: []`) rather than leaving it unsaid. */
function markPublicOperations(document: OpenAPIObject): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of [pathItem.get, pathItem.put, pathItem.post, pathItem.delete, pathItem.patch]) {
      if (operation && operation.security === undefined) operation.security = [];
    }
  }
}
