import { sql } from 'kysely';
import type { Harness } from './harness.js';

/**
 * Triggers that make the database fail one call's insert, by its external call id: the ways a
 * write fails that ingestion must tell apart. Each returns the statement that removes it.
 */
const triggerName = (callId: string) => `zc_fail_${callId.replace(/-/g, '_')}`;

async function createTrigger(h: Harness, callId: string, mariadbBody: string, sqliteBody: string): Promise<() => Promise<unknown>> {
  const name = triggerName(callId);
  const statement =
    h.dbName === 'mariadb'
      ? `CREATE TRIGGER ${name} BEFORE INSERT ON call_logs FOR EACH ROW IF NEW.external_call_id = '${callId}' THEN ${mariadbBody}; END IF`
      : `CREATE TRIGGER ${name} BEFORE INSERT ON call_logs WHEN NEW.external_call_id = '${callId}' BEGIN ${sqliteBody}; END`;
  await sql.raw(statement).execute(h.database.db);
  return () => sql.raw(`DROP TRIGGER ${name}`).execute(h.database.db);
}

/**
 * The database refuses this call's data itself: MariaDB (strict mode) a value too long for its
 * column, SQLite a NULL in a NOT NULL column. Real refusals of the database, not simulated codes.
 */
export const refuseDataOf = (h: Harness, callId: string) =>
  createTrigger(h, callId, "SET NEW.summary = REPEAT('x', 70000)", 'INSERT INTO clinics (name) VALUES (NULL)');

/** The database fails this call for a passing reason: MariaDB a lock wait timeout, SQLite an abort. */
export const failPassinglyOn = (h: Harness, callId: string) =>
  createTrigger(
    h,
    callId,
    "SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 1205, MESSAGE_TEXT = 'Lock wait timeout exceeded; try restarting transaction'",
    "SELECT RAISE(ABORT, 'simulated outage')",
  );
