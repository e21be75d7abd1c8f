import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * `call_log_notes`: the front desk's internal notes on a call ("left a message, will try after 2 pm").
 * Append-only like `call_log_activity` (migration 007), for the same reason: a note is part of the
 * record of who did what, so a correction is a new note, and triggers on both databases refuse every
 * UPDATE and DELETE whoever runs them.
 * - No foreign keys: a note outlives its author (`author_name` keeps who wrote it) and is never
 *   removed by a cascade (which the trigger would refuse on SQLite and bypass on MariaDB).
 * - `body` is at most 4,000 characters (the API's limit), 16,000 bytes of UTF-8: TEXT holds it.
 *
 * A new table; `call_logs` is not touched.
 */

const APPEND_ONLY = 'call_log_notes is append-only: a note cannot be changed or deleted (add a new one)';

export async function up(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  if (dialectOf(db) === 'mysql') {
    await run(`CREATE TABLE IF NOT EXISTS call_log_notes (
        id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
        call_log_id int(11) NOT NULL,
        clinic_id int(11) NOT NULL,
        author_user_id int(11) NOT NULL,
        author_name varchar(255) NOT NULL,
        body text NOT NULL,
        created_at datetime NOT NULL,
        KEY zc_call_log_notes_call (call_log_id, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    for (const event of ['UPDATE', 'DELETE']) {
      await run(`DROP TRIGGER IF EXISTS zc_call_log_notes_no_${event.toLowerCase()}`);
      await run(`CREATE TRIGGER zc_call_log_notes_no_${event.toLowerCase()} BEFORE ${event} ON call_log_notes FOR EACH ROW
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${APPEND_ONLY}'`);
    }
    return;
  }
  await run(`CREATE TABLE IF NOT EXISTS call_log_notes (
      id integer PRIMARY KEY AUTOINCREMENT,
      call_log_id integer NOT NULL,
      clinic_id integer NOT NULL,
      author_user_id integer NOT NULL,
      author_name varchar(255) NOT NULL,
      body text NOT NULL,
      created_at datetime NOT NULL
    )`);
  await run(`CREATE INDEX IF NOT EXISTS zc_call_log_notes_call ON call_log_notes (call_log_id, id)`);
  for (const event of ['UPDATE', 'DELETE']) {
    await run(`DROP TRIGGER IF EXISTS zc_call_log_notes_no_${event.toLowerCase()}`);
    await run(`CREATE TRIGGER zc_call_log_notes_no_${event.toLowerCase()} BEFORE ${event} ON call_log_notes
      BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END`);
  }
}

export async function down(): Promise<void> {
  // Notes are part of the record: rolling a release back never drops them.
}
