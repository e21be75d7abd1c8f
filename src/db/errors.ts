/** A duplicate key, as either driver reports it. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Raised by create-db.ts when no pooled connection came within DB_CONNECT_TIMEOUT_MS. */
export const ACQUIRE_TIMEOUT_CODE = 'ZENICALL_DB_ACQUIRE_TIMEOUT';
/** Raised by create-db.ts when a statement got no answer within DB_STATEMENT_TIMEOUT_MS. */
export const STATEMENT_TIMEOUT_CODE = 'ZENICALL_DB_STATEMENT_TIMEOUT';
/** Raised when the database did not answer within a caller's bound (see `withinTime`). */
export const WAIT_TIMEOUT_CODE = 'ZENICALL_DB_WAIT_TIMEOUT';

/**
 * Database errors sorted by what a retry can do about them. MariaDB's are matched by number, since
 * mysql2 names numbers after MySQL's list and MariaDB reuses some for other errors (4025 is
 * MariaDB's failed CHECK); SQLite's and the network's by code.
 */

/** The data itself is refused: the same write fails the same way every time. */
const PERMANENT_ERRNOS = new Set([
  1048, // a NULL in a NOT NULL column
  1153, // a packet larger than max_allowed_packet
  1264, // out of range value for column
  1265, // data truncated for column
  1292, // incorrect date/time value
  1365, // division by zero
  1366, // incorrect value for column (charset, type)
  1367, // illegal value for type
  1406, // data too long for column
  1690, // value out of range
  3140, // invalid JSON text (MySQL)
  3819, // CHECK constraint violated (MySQL)
  4025, // CHECK constraint failed (MariaDB: json_valid, enums)
]);
const PERMANENT_CODES = new Set([
  'SQLITE_CONSTRAINT_CHECK',
  'SQLITE_CONSTRAINT_NOTNULL',
  'SQLITE_CONSTRAINT_DATATYPE',
  'SQLITE_TOOBIG',
  'SQLITE_MISMATCH',
]);

/** The database is busy (its connection and socket failures are in UNAVAILABLE_CODES below): the same write can succeed later. */
const TRANSIENT_ERRNOS = new Set([
  1040, // too many connections
  1053, // server shutdown in progress
  1203, // too many connections for this user
  1205, // lock wait timeout
  1213, // deadlock
  1317, // query interrupted
  1927, // connection killed (MariaDB)
  1969, // max_statement_time exceeded (MariaDB)
  3024, // max_execution_time exceeded (MySQL)
]);

interface DriverError {
  code?: unknown;
  errno?: unknown;
  cause?: unknown;
}

/** The error and the ones it wraps (a pool or a timeout may wrap the driver's). */
function* errorChain(error: unknown): Generator<DriverError> {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    yield current;
    current = (current as DriverError).cause;
  }
}

function matches(error: unknown, errnos: Set<number>, codes: Set<string>): boolean {
  for (const link of errorChain(error)) {
    // A server's error has a positive number (a socket's is negative), and the number is what MariaDB means.
    if (typeof link.errno === 'number' && link.errno > 0) {
      if (errnos.has(link.errno)) return true;
      continue;
    }
    if (typeof link.code === 'string' && (codes.has(link.code) || codes.has(link.code.replace(/_[A-Z]+$/, '')))) return true;
  }
  return false;
}

/**
 * The database refuses the data itself (too long, out of range, not valid JSON, a CHECK or NOT NULL
 * it breaks): retrying cannot help. Anything not known to be permanent is treated as transient.
 */
export function isPermanentDataError(error: unknown): boolean {
  return matches(error, PERMANENT_ERRNOS, PERMANENT_CODES);
}

/** The database is away (see isDatabaseUnavailable), or a lock or statement timed out, a deadlock: worth retrying later. */
export function isTransientDbError(error: unknown): boolean {
  return isDatabaseUnavailable(error) || matches(error, TRANSIENT_ERRNOS, new Set());
}

/** An error the database is expected to raise now and then: logged as one line, without a stack. */
export const isExpectedDbError = (error: unknown): boolean => isPermanentDataError(error) || isTransientDbError(error);

/** `{code, message}` of a database error, for a one-line log. */
export function describeDbError(error: unknown): { code: string | undefined; message: string } {
  const first = [...errorChain(error)][0];
  const code = typeof first?.code === 'string' ? first.code : undefined;
  return { code, message: error instanceof Error ? error.message : String(error) };
}

/**
 * Codes meaning "the database cannot be reached or is not answering", as opposed to "it answered no"
 * (a constraint, a bad value, a bug): a socket that failed or was reset, a server shutting down or
 * full, a statement or connection that timed out, an SQLite file that cannot be written.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_STATEMENT_TIMEOUT',
  'ER_QUERY_TIMEOUT',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  ACQUIRE_TIMEOUT_CODE,
  STATEMENT_TIMEOUT_CODE,
  WAIT_TIMEOUT_CODE,
]);

/**
 * Whether `error` says the database is down, frozen or unreachable, so the work can be kept and
 * tried again later (a webhook delivery goes to the spool, a request answers 503), rather than a
 * failure of the work itself. mysql2 flags every error that broke its connection `fatal`; a
 * connection attempt to several addresses fails with an AggregateError of the attempts.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const current of errorChain(error)) {
    const { code, fatal } = current as { code?: unknown; fatal?: unknown };
    if (fatal === true) return true;
    // SQLite's extended codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT…) share their family's prefix.
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_CODES.has(code.split('_').slice(0, 2).join('_')))) {
      return true;
    }
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable)) return true;
    if (current instanceof Error && current.message === 'Pool is closed.') return true;
  }
  return false;
}

/** An error with one of the codes above, for a bound the caller enforces. */
export function unavailableError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * `work`, or a WAIT_TIMEOUT_CODE rejection once `ms` have passed without an answer. The work is not
 * cancelled (a statement in flight cannot be), so a late failure is handed to `onLateError` rather
 * than left unhandled.
 */
export function withinTime<T>(work: Promise<T>, ms: number, onLateError: (error: unknown) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(unavailableError(WAIT_TIMEOUT_CODE, `The database did not answer within ${ms} ms.`));
    }, ms);
  });
  work.then(
    () => clearTimeout(timer),
    (error: unknown) => {
      clearTimeout(timer);
      if (timedOut) onLateError(error);
    },
  );
  return Promise.race([work, timeout]);
}
