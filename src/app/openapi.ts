import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** Builds the OpenAPI document from the running app's controllers; operation ids are the handler names, which are part of the API. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('clip-moderation')
    .setDescription('Image moderation with CLIP against plain-language policies. Every decision is logged with the scores and thresholds behind it.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key' }, 'apiKey')
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (_controller, method) => method });
  describeRawImageBodies(document);
  return document;
}

/**
 * Upload routes take either a multipart form (field `file`) or the image itself as the body.
 * Swagger decorators give every media type the same schema, so the raw types are set here to a
 * plain binary string.
 */
function describeRawImageBodies(document: OpenAPIObject): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of [pathItem.post, pathItem.put]) {
      const body = operation?.requestBody;
      if (!body || !('content' in body)) continue;
      for (const [mediaType, content] of Object.entries(body.content)) {
        if (mediaType.startsWith('image/') || mediaType === 'application/octet-stream') {
          content.schema = { type: 'string', format: 'binary' };
        }
      }
    }
  }
}
