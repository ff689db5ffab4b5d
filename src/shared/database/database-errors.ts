import { ModerationError } from '../../engine/errors/moderation-error';
import { AppError, AppErrorCode } from '../errors/app-error-code';

/** Socket-level failures from node-postgres and Node itself. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
]);

/**
 * PostgreSQL SQLSTATEs meaning the server cannot serve us right now (rather than "your SQL is
 * wrong"): connection exceptions, shutdown, too many connections, missing database, bad login.
 */
const POSTGRES_UNAVAILABLE = /^(08...|57P0[1-3]|53300|3D000|28000|28P01)$/;

/** SQLite result codes for a file that cannot be opened, written or locked in time. */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|CANTOPEN|IOERR|FULL|READONLY|NOTADB)/;

/** Messages of clients that are closed or lost their connection (these errors carry no code). */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection is not open/i,
  /cannot use a pool after calling end/i,
  /not queryable/i,
  /is not yet established/i,
];

const UNAVAILABLE_NAMES: ReadonlySet<string> = new Set(['CannotExecuteNotConnectedError', 'ConnectionIsNotSetError']);

/**
 * True when `error` means the database cannot be reached or used at all, as opposed to a bug in a
 * query. Looks through TypeORM's QueryFailedError (`driverError`) and `cause` chains.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    const { code, message, name } = current as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.test(code) || SQLITE_UNAVAILABLE.test(code))) return true;
    if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    const next = current as { driverError?: unknown; cause?: unknown };
    current = next.driverError ?? next.cause;
  }
  return false;
}

/** The DatabaseUnavailable error for `cause`; details carry the driver's code, never the URL. */
export function databaseUnavailable(cause: unknown, operation: string): AppError {
  const code = findCode(cause);
  return new ModerationError(
    AppErrorCode.DatabaseUnavailable,
    `The decision log database is unavailable (${operation})`,
    code === undefined ? { operation } : { operation, reason: code },
    { cause },
  );
}

/**
 * Runs `work`, turning "cannot reach the database" failures into ModerationError
 * DatabaseUnavailable; ModerationErrors and query bugs pass through unchanged.
 */
export async function withDatabaseErrors<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ModerationError) && isDatabaseUnreachable(error)) throw databaseUnavailable(error, operation);
    throw error;
  }
}

function findCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const { code, driverError, cause } = current as { code?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = driverError ?? cause;
  }
  return undefined;
}
