import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadEnvironment } from '../config/load-environment';
import { configureHttpApp } from './configure-http-app';
import { AppModule } from './app.module';
import { Environment } from '../config/environment';

const LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the configured server app from environment variables (validated first, all at once). */
export async function createServer(env: NodeJS.ProcessEnv = process.env): Promise<{ app: INestApplication; config: Environment }> {
  const config = loadEnvironment(env);
  const level = config.LOG_LEVEL ?? 'log';
  const app = await NestFactory.create(AppModule.forEnvironment(config), {
    logger: LEVELS.slice(0, LEVELS.indexOf(level) + 1),
    abortOnError: false,
  });
  configureHttpApp(app);
  if (config.MODERATION_CORS_ORIGINS) {
    app.enableCors({
      origin: config.MODERATION_CORS_ORIGINS.split(',').map((origin) => origin.trim()),
      allowedHeaders: ['authorization', 'x-api-key', 'content-type', 'idempotency-key', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'location', 'retry-after'],
    });
  }
  app.enableShutdownHooks();
  return { app, config };
}
