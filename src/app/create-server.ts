import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadEnvironment } from '../config/load-environment';
import { configureHttpApp } from './configure-http-app';
import { AppModule } from './app.module';
import { Environment } from '../config/environment';
import { DEFAULT_SHUTDOWN_GRACE_MS, GracefulShutdown } from './graceful-shutdown';
import { DEFAULT_HTTP_SERVER_LIMITS, applyHttpServerLimits } from './http-server-limits';
import { createProcessLogging } from './logging/process-logging';

/** The server app, its validated configuration, and its shutdown (`shutdown.listen()` binds it to SIGTERM and SIGINT). */
export interface ModerationServer {
  readonly app: INestApplication;
  readonly config: Environment;
  readonly shutdown: GracefulShutdown;
}

/** Builds the configured server app from environment variables (validated first, all at once). */
export async function createServer(env: NodeJS.ProcessEnv = process.env): Promise<ModerationServer> {
  const config = loadEnvironment(env);
  const logging = createProcessLogging(config, 'moderation-server', env);
  const app = await NestFactory.create(AppModule.forEnvironment(config, logging.module), { logger: logging.logger, abortOnError: false });
  applyHttpServerLimits(app.getHttpServer(), {
    headersTimeoutMs: config.MODERATION_HEADERS_TIMEOUT_MS ?? DEFAULT_HTTP_SERVER_LIMITS.headersTimeoutMs,
    requestTimeoutMs: config.MODERATION_REQUEST_TIMEOUT_MS ?? DEFAULT_HTTP_SERVER_LIMITS.requestTimeoutMs,
  });
  const shutdown = new GracefulShutdown(app, config.MODERATION_SHUTDOWN_GRACE_MS ?? DEFAULT_SHUTDOWN_GRACE_MS);
  // First, so that every request gets its access line, refusals by the body parsers included.
  app.use(logging.accessLog);
  // Next, so that every answer given while draining closes its connection.
  app.use(shutdown.middleware);
  configureHttpApp(app, { maxInputDepth: config.MODERATION_MAX_INPUT_DEPTH });
  if (config.MODERATION_CORS_ORIGINS) {
    app.enableCors({
      origin: config.MODERATION_CORS_ORIGINS.split(',').map((origin) => origin.trim()),
      allowedHeaders: ['authorization', 'x-api-key', 'content-type', 'idempotency-key', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'location', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
    });
  }
  return { app, config, shutdown };
}
