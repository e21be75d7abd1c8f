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
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const { code, fatal } = current as { code?: unknown; fatal?: unknown };
    if (fatal === true) return true;
    // SQLite's extended codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT…) share their family's prefix.
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_CODES.has(code.split('_').slice(0, 2).join('_')))) {
      return true;
    }
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable)) return true;
    if (current.message === 'Pool is closed.') return true;
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
