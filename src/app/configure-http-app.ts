import { INestApplication, ValidationPipe, VersioningType } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { ModerationExceptionFilter } from '../shared/http/moderation-exception.filter';
import { createOpenApiDocument } from './openapi/create-openapi-document';
import { requestIdMiddleware } from '../shared/http/request-id.middleware';
import { fieldProblems, validationError } from '../shared/http/validation-error';
import { DEFAULT_MAX_INPUT_DEPTH, SafeInputPipe } from '../shared/http/safe-input.pipe';

/**
 * The OpenAPI page (Swagger UI) loads its scripts and styles from the server itself, with inline
 * styles and data: icons, and calls only the API it documents.
 */
const DOCS_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

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
  // Says nothing an attacker could use about what serves the API.
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.use(requestIdMiddleware);
  app.use('/docs', helmet.contentSecurityPolicy({ useDefaults: false, directives: DOCS_CONTENT_SECURITY_POLICY }));
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
