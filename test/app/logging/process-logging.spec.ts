import { LogStdout, logDestination, logFormatFor } from '../../../src/app/logging/log-output';
import type * as ProcessLoggingModule from '../../../src/app/logging/process-logging';
import { Environment } from '../../../src/config/environment';
import { loadEnvironment } from '../../../src/config/load-environment';

const ANSI = /\u001b\[/;

/** A stdout that keeps what it is given. */
class CapturedStdout implements LogStdout {
  readonly lines: string[] = [];
  constructor(readonly isTTY: boolean) {}
  write(text: string): boolean {
    this.lines.push(...text.split('\n').filter((line) => line.length > 0));
    return true;
  }
  get json(): Array<Record<string, unknown>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/**
 * The process logging module in a module registry of its own: nestjs-pino keeps one root logger
 * per registry (per process in production), and each case here needs its own.
 */
function freshLogging(config: Partial<Environment>, stdout: LogStdout): ReturnType<typeof ProcessLoggingModule.createProcessLogging> {
  let created: ReturnType<typeof ProcessLoggingModule.createProcessLogging> | undefined;
  jest.isolateModules(() => {
    const { createProcessLogging } = require('../../../src/app/logging/process-logging') as typeof ProcessLoggingModule;
    created = createProcessLogging(config as Environment, 'moderation-server', {}, stdout);
  });
  return created!;
}

describe('process logging', () => {
  it('writes JSON off a terminal and pretty lines on one, unless MODERATION_LOG_FORMAT says otherwise', () => {
    expect(logFormatFor(undefined, { isTTY: false, write: () => true })).toBe('json');
    expect(logFormatFor(undefined, { write: () => true })).toBe('json');
    expect(logFormatFor(undefined, { isTTY: true, write: () => true })).toBe('pretty');
    expect(logFormatFor('json', { isTTY: true, write: () => true })).toBe('json');
    expect(logFormatFor('pretty', { isTTY: false, write: () => true })).toBe('pretty');
    expect(loadEnvironment({ MODERATION_LOG_FORMAT: 'json' }).MODERATION_LOG_FORMAT).toBe('json');
    expect(() => loadEnvironment({ MODERATION_LOG_FORMAT: 'xml' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('MODERATION_LOG_FORMAT') }));
  });

  it('colours pretty lines on a terminal only, and never with NO_COLOR', () => {
    const line = `${JSON.stringify({ level: 'warn', time: '2026-01-01T00:00:00.000Z', context: 'PolicyLint', msg: 'policy x: 1 lint warning' })}\n`;
    const printed = (isTTY: boolean, env: NodeJS.ProcessEnv): string => {
      const stdout = new CapturedStdout(isTTY);
      logDestination('pretty', stdout, env).write(line);
      return stdout.lines.join('\n');
    };
    expect(printed(true, {})).toMatch(ANSI);
    expect(printed(true, { NO_COLOR: '1' })).not.toMatch(ANSI);
    expect(printed(false, {})).not.toMatch(ANSI);
    expect(printed(false, {})).toMatch(/WARN.*PolicyLint: policy x: 1 lint warning/);
    expect(() => JSON.parse(printed(false, {}))).toThrow();
  });

  it('maps LOG_LEVEL to pino levels, so LOG_LEVEL=error (what the tests use) keeps info lines out', () => {
    const quiet = new CapturedStdout(false);
    const logging = freshLogging({ LOG_LEVEL: 'error' }, quiet);
    logging.logger.log('started', 'Test');
    logging.logger.warn('careful', 'Test');
    logging.logger.error('broken', 'Test');
    expect(quiet.json.map((line) => [line.level, line.msg])).toEqual([['error', 'broken']]);

    const chatty = new CapturedStdout(false);
    const verbose = freshLogging({ LOG_LEVEL: 'verbose' }, chatty);
    verbose.logger.verbose('detail', 'Test');
    expect(chatty.json).toEqual([expect.objectContaining({ level: 'trace', msg: 'detail', context: 'Test', name: 'moderation-server' })]);
  });

  it("logs at info by default, and moves Nest's start-up detail (modules, controllers, routes) to debug", () => {
    const stdout = new CapturedStdout(false);
    const logging = freshLogging({}, stdout);
    logging.logger.log('Mapped {/v1/moderations, POST} route', 'RouterExplorer');
    logging.logger.log('ModerationsController {/v1/moderations}:', 'RoutesResolver');
    logging.logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logging.logger.debug('a detail', 'Test');
    logging.logger.log('Nest application successfully started', 'NestApplication');
    expect(stdout.json.map((line) => [line.level, line.context])).toEqual([['info', 'NestApplication']]);

    const debugging = new CapturedStdout(false);
    const debug = freshLogging({ LOG_LEVEL: 'debug' }, debugging);
    debug.logger.log('Mapped {/v1/moderations, POST} route', 'RouterExplorer');
    expect(debugging.json).toEqual([expect.objectContaining({ level: 'debug', context: 'RouterExplorer' })]);
  });

  it('writes an unexpected error with its stack under err, as one JSON line', () => {
    const stdout = new CapturedStdout(false);
    const logging = freshLogging({}, stdout);
    const failure = new Error('database exploded');
    logging.logger.error('GET /v1/decisions 500 INTERNAL_ERROR', failure.stack, 'HTTP');
    expect(stdout.json).toEqual([
      expect.objectContaining({ level: 'error', context: 'HTTP', err: expect.objectContaining({ message: 'GET /v1/decisions 500 INTERNAL_ERROR', stack: expect.stringContaining('database exploded') }) }),
    ]);
  });
});
