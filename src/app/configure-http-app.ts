import { INestApplication, ValidationPipe, VersioningType } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { ModerationExceptionFilter } from '../shared/http/moderation-exception.filter';
import { createOpenApiDocument } from './openapi';
import { requestIdMiddleware } from '../shared/http/request-id.middleware';
import { fieldProblems, validationError } from '../shared/http/validation-error';
import { DEFAULT_MAX_INPUT_DEPTH, SafeInputPipe } from '../shared/http/safe-input.pipe';

/** Limits of what the HTTP API accepts, beyond each route's own validation. */
export interface HttpInputOptions {
  /** How deep a body or query may nest (`MODERATION_MAX_INPUT_DEPTH`). Default 32. */
  readonly maxInputDepth?: number;
}

/**
 * Everything the HTTP API needs around its controllers: request ids, URI versioning (`/v1/...`),
 * pipes that refuse unsafe input (control characters, deep nesting) and then validate against the
 * DTOs (unknown fields refused), the error filter, and OpenAPI at `/docs` (JSON at `/docs-json`).
 * Used by the server and by the tests, so both run the same app.
 */
export function configureHttpApp(app: INestApplication, options: HttpInputOptions = {}): INestApplication {
  app.use(requestIdMiddleware);
  app.enableVersioning({ type: VersioningType.URI });
  app.useGlobalPipes(
    new SafeInputPipe(options.maxInputDepth ?? DEFAULT_MAX_INPUT_DEPTH),
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
