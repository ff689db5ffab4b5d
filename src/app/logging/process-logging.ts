import type { DynamicModule } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LoggerModule, Params, PinoLogger } from 'nestjs-pino';
import { Level, pino } from 'pino';
import { HttpLogger, pinoHttp } from 'pino-http';
import { LogLevelName } from '../../config/choices';
import { Environment } from '../../config/environment';
import { accessLogOptions } from './access-log';
import { AppLogger } from './app-logger';
import { LogStdout, logDestination, logFormatFor } from './log-output';

/** `LOG_LEVEL` (Nest's names, kept for compatibility) as pino levels. */
const PINO_LEVELS: Readonly<Record<LogLevelName, Level>> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * Never written, should any object that holds them be logged: the places an API key or a
 * cookie travels.
 */
const REDACTED_PATHS = ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'headers.authorization', 'headers["x-api-key"]', 'headers.cookie'];

/** How one process (the server or a worker) logs. */
export interface ProcessLogging {
  /** The app logger, for `NestFactory` (`logger:`): every `new Logger(context)` writes through it. */
  readonly logger: AppLogger;
  /** nestjs-pino's module: request and job context for the app logger (and `PinoLogger` to inject). */
  readonly module: DynamicModule;
  /** Express middleware writing one access line per request; mounted first, so no request escapes it. */
  readonly accessLog: HttpLogger<Request, Response>;
}

/** Who is logging: the value of each line's `name`. */
export type LoggingProcess = 'moderation-server' | 'moderation-worker';

/**
 * pino for a process, from `LOG_LEVEL` and `MODERATION_LOG_FORMAT`: JSON lines off a terminal,
 * pretty on one. nestjs-pino keeps its root logger per process, so the first process logging set
 * up in a process is the one its out-of-request lines use (one server or worker per process).
 */
export function createProcessLogging(config: Environment, name: LoggingProcess, env: NodeJS.ProcessEnv = process.env, stdout: LogStdout = process.stdout): ProcessLogging {
  const format = logFormatFor(config.MODERATION_LOG_FORMAT, stdout);
  const root = pino(
    {
      name,
      level: PINO_LEVELS[config.LOG_LEVEL ?? 'log'],
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    logDestination(format, stdout, env),
  );
  // The access log is our own pino-http (mounted before the body parsers and every other
  // middleware); nestjs-pino only binds each request's logger to the code that handles it.
  const params: Params = { pinoHttp: { logger: root }, useExisting: true };
  return {
    logger: new AppLogger(new PinoLogger(params), params),
    module: LoggerModule.forRoot(params),
    accessLog: pinoHttp({ logger: root, ...accessLogOptions() }),
  };
}
