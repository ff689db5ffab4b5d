import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadEnvironment } from '../config/load-environment';
import { isModerationError } from '../engine/errors/moderation-error';
import { WorkerModule } from './worker.module';
import { Environment } from '../config/environment';
import { createProcessLogging } from './logging/process-logging';

/**
 * `npm run worker`: runs moderation and webhook jobs from Redis, without the HTTP API. Start as
 * many as you like, on any machines that reach the same Redis and database. SIGTERM or SIGINT
 * stops taking jobs, finishes the ones under way (up to MODERATION_WORKER_SHUTDOWN_TIMEOUT_MS),
 * then closes the model and the database.
 */
export async function startWorker(env: NodeJS.ProcessEnv = process.env): Promise<INestApplicationContext> {
  const config = loadEnvironment(env);
  const logging = createProcessLogging(config, 'moderation-worker', env);
  const app = await NestFactory.createApplicationContext(WorkerModule.forEnvironment(config, logging.module), { logger: logging.logger, abortOnError: false });
  app.enableShutdownHooks();
  return app;
}

if (require.main === module) {
  startWorker().then(
    () => process.stderr.write(`moderation worker ${process.pid} ready\n`),
    (error: unknown) => {
      // One line an operator can act on: for bad configuration it lists every bad key.
      const text = isModerationError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`moderation worker failed to start: ${text}\n`);
      process.exit(1);
    },
  );
}
