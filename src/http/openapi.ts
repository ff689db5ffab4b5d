import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** Builds the OpenAPI document from the running app's controllers; operation ids are set on each route. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('clip-moderation')
    .setDescription('Image moderation with CLIP against plain-language policies. Every decision is logged with the scores and thresholds behind it.')
    .setVersion('1')
    .build();
  return SwaggerModule.createDocument(app, config, { operationIdFactory: (_controller, method) => method });
}
