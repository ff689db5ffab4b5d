/** PostgreSQL's SQLSTATE and SQLite's extended code for a duplicate key in a unique index. */
const POSTGRES_UNIQUE_VIOLATION = '23505';
const SQLITE_UNIQUE_VIOLATION = 'SQLITE_CONSTRAINT_UNIQUE';

/**
 * True when `error` (TypeORM's QueryFailedError, or the driver's error inside it) is a unique-index
 * violation: what a concurrent insert of the same name or hash runs into after both checked.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let current = error, depth = 0; current !== null && typeof current === 'object' && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === POSTGRES_UNIQUE_VIOLATION || code === SQLITE_UNIQUE_VIOLATION) return true;
    const next = current as { driverError?: unknown; cause?: unknown };
    current = next.driverError ?? next.cause;
  }
  return false;
}
