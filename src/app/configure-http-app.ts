import { INestApplication, ValidationPipe, VersioningType } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { ModerationExceptionFilter } from '../shared/http/moderation-exception.filter';
import { createOpenApiDocument } from './openapi';
import { requestIdMiddleware } from '../shared/http/request-id.middleware';
import { fieldProblems, validationError } from '../shared/http/validation-error';

/**
 * Everything the HTTP API needs around its controllers: request ids, URI versioning (`/v1/...`),
 * a validating pipe that rejects unknown fields, the error filter, and OpenAPI at `/docs`
 * (JSON at `/docs-json`). Used by the server and by the tests, so both run the same app.
 */
export function configureHttpApp(app: INestApplication): INestApplication {
  app.use(requestIdMiddleware);
  app.enableVersioning({ type: VersioningType.URI });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => validationError(fieldProblems(errors)),
    }),
  );
  app.useGlobalFilters(new ModerationExceptionFilter());
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}
