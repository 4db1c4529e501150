/**
 * Unique-key violations, told apart once for both databases. MongoDB answers 11000 (E11000;
 * 11001 and 12582 from old servers and mongos), on the error or on each of a bulk write's
 * `writeErrors`. The embedded database (FerretDB v1 on SQLite) answers 11000 for an insert, but
 * code 1 (an internal error) for an update that breaks a unique index, with SQLite's
 * "UNIQUE constraint failed" in the message — and an unordered bulk write then reports that one
 * error with no `writeErrors`. Code 1 alone is not enough: it is every other internal error too.
 */
const DUPLICATE_CODES = new Set([11000, 11001, 12582]);

interface ServerError {
  code?: unknown;
  message?: unknown;
  errmsg?: unknown;
  writeErrors?: unknown;
}

function isOneDuplicate(err: ServerError): boolean {
  if (typeof err.code === 'number' && DUPLICATE_CODES.has(err.code)) return true;
  const message = String(err.errmsg ?? err.message ?? '');
  return err.code === 1 && /UNIQUE constraint failed/.test(message);
}

/** The write errors of a bulk write (the driver gives one object or an array), or []. */
export function writeErrorsOf(err: unknown): ServerError[] {
  const list = (err as ServerError | null)?.writeErrors;
  if (Array.isArray(list)) return list as ServerError[];
  return list && typeof list === 'object' ? [list as ServerError] : [];
}

/**
 * True when the error is a unique-key violation: the error itself, or every one of a bulk
 * write's errors (a bulk write with any other failure is not "only duplicates").
 */
export function isDuplicateKeyError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const writeErrors = writeErrorsOf(err);
  if (writeErrors.length > 0) return writeErrors.every(isOneDuplicate);
  return isOneDuplicate(err as ServerError);
}
