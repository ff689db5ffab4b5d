import type { DestinationStream } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { LogFormat } from '../../config/observability-environment';

/** The process's standard output, as far as logging needs it. */
export interface LogStdout {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * The format when `MODERATION_LOG_FORMAT` is unset: pretty for a person at a terminal, JSON lines
 * for whatever reads a pipe or a file (a collector, `docker logs`, systemd).
 */
export function logFormatFor(setting: LogFormat | undefined, stdout: LogStdout): LogFormat {
  return setting ?? (stdout.isTTY === true ? 'pretty' : 'json');
}

/**
 * Where pino writes. Both formats write synchronously on this thread (no transport worker), so a
 * line is out before the process exits and lines keep their order with anything else printed.
 * Pretty lines are coloured only on a terminal, and never with `NO_COLOR` set.
 */
export function logDestination(format: LogFormat, stdout: LogStdout, env: NodeJS.ProcessEnv): DestinationStream {
  if (format === 'json') return { write: (line: string) => void stdout.write(line) };
  const colorize = stdout.isTTY === true && env.NO_COLOR === undefined;
  // One line per entry, `context: message` first and the other fields after it as JSON.
  const pretty = prettyFactory({
    colorize,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,name,context',
    messageFormat: '{if context}{context}: {end}{msg}',
  });
  return { write: (line: string) => void stdout.write(pretty(line)) };
}
