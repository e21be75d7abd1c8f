import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import { phoneDigitsOf } from '../portable.js';
import { mysqlDigitsOf } from '../word-index/mysql-keys.js';

/**
 * How many of a clinic's calls came from each phone number, kept by triggers: `call_log_caller_counts`
 * (clinic, the number's digits, calls). Every call's detail and every list row shows its caller's
 * count ("repeat caller"); counting the word index's whole-number key for it was a dependent subquery
 * that cost the detail's statement as much MariaDB time as the rest of it (measured on 1M calls:
 * 190–205 µs of MariaDB CPU against 123–125 µs with this table, joined on its primary key).
 *
 * The digits are the phone's characters 0-9 (migration 005's rule). A number of fewer than
 * MIN_MATCHED_DIGITS digits ("anonymous", a hidden number) is nobody's repeat and has no row, so
 * anonymous calls never share, and never wait on, one hot row. A row whose calls all left stays at 0.
 *
 * SQLite's triggers compute the digits with `zc_phone_digits`, the function Zenicall registers on its
 * connection (src/db/create-db.ts), as migration 013's compute the word keys with `zc_search_keys`.
 */

export const MIN_MATCHED_DIGITS = 3;

export async function up(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  if (dialectOf(db) === 'mysql') {
    await run(`CREATE TABLE IF NOT EXISTS call_log_caller_counts (
        clinic_id int(11) NOT NULL, phone_digits varchar(64) NOT NULL, calls int NOT NULL,
        PRIMARY KEY (clinic_id, phone_digits)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await createMysqlTriggers(db);
  } else {
    await run(`CREATE TABLE IF NOT EXISTS call_log_caller_counts (
        clinic_id integer NOT NULL, phone_digits text NOT NULL, calls integer NOT NULL,
        PRIMARY KEY (clinic_id, phone_digits)) WITHOUT ROWID`);
    await createSqliteTriggers(db);
  }
  await rebuildCallerCounts(db);
}

const TRIGGERS = ['zc_call_logs_callers_after_insert', 'zc_call_logs_callers_after_update', 'zc_call_logs_callers_after_delete'];

async function createMysqlTriggers(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  // NEW's number counts once more, OLD's once less.
  const add = (digits: string) =>
    `IF CHAR_LENGTH(${digits}) >= ${MIN_MATCHED_DIGITS} THEN
        INSERT INTO call_log_caller_counts (clinic_id, phone_digits, calls) VALUES (NEW.clinic_id, ${digits}, 1)
          ON DUPLICATE KEY UPDATE calls = calls + 1;
      END IF;`;
  const remove = (digits: string) =>
    `UPDATE call_log_caller_counts SET calls = calls - 1 WHERE clinic_id = OLD.clinic_id AND phone_digits = ${digits};`;
  await run(`CREATE OR REPLACE TRIGGER ${TRIGGERS[0]} AFTER INSERT ON call_logs FOR EACH ROW BEGIN
      DECLARE new_digits varchar(64) DEFAULT ${mysqlDigitsOf('NEW.caller_phone_number')};
      ${add('new_digits')} END`);
  // Only when the number or the clinic moves; both rows are locked in (clinic, digits) order, so two
  // opposite moves wait for each other instead of deadlocking.
  await run(`CREATE OR REPLACE TRIGGER ${TRIGGERS[1]} AFTER UPDATE ON call_logs FOR EACH ROW BEGIN
      DECLARE old_digits varchar(64);
      DECLARE new_digits varchar(64);
      IF NOT (OLD.caller_phone_number <=> NEW.caller_phone_number) OR NOT (OLD.clinic_id <=> NEW.clinic_id) THEN
        SET old_digits = ${mysqlDigitsOf('OLD.caller_phone_number')}, new_digits = ${mysqlDigitsOf('NEW.caller_phone_number')};
        IF NOT (OLD.clinic_id <=> NEW.clinic_id AND old_digits <=> new_digits) THEN
          IF (OLD.clinic_id, old_digits) < (NEW.clinic_id, new_digits) THEN
            ${remove('old_digits')} ${add('new_digits')}
          ELSE
            ${add('new_digits')} ${remove('old_digits')}
          END IF;
        END IF;
      END IF;
    END`);
  await run(`CREATE OR REPLACE TRIGGER ${TRIGGERS[2]} AFTER DELETE ON call_logs FOR EACH ROW BEGIN
      ${remove(mysqlDigitsOf('OLD.caller_phone_number'))} END`);
}

async function createSqliteTriggers(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  const add = (when = 'true') =>
    `INSERT INTO call_log_caller_counts (clinic_id, phone_digits, calls)
      SELECT NEW.clinic_id, d.digits, 1 FROM (SELECT zc_phone_digits(NEW.caller_phone_number) AS digits) d
      WHERE length(d.digits) >= ${MIN_MATCHED_DIGITS} AND ${when}
      ON CONFLICT (clinic_id, phone_digits) DO UPDATE SET calls = calls + 1;`;
  const remove = `UPDATE call_log_caller_counts SET calls = calls - 1
      WHERE clinic_id = OLD.clinic_id AND phone_digits = zc_phone_digits(OLD.caller_phone_number);`;
  for (const trigger of TRIGGERS) await run(`DROP TRIGGER IF EXISTS ${trigger}`);
  await run(`CREATE TRIGGER ${TRIGGERS[0]} AFTER INSERT ON call_logs BEGIN ${add()} END`);
  await run(`CREATE TRIGGER ${TRIGGERS[1]} AFTER UPDATE OF caller_phone_number, clinic_id ON call_logs
      WHEN OLD.caller_phone_number IS NOT NEW.caller_phone_number OR OLD.clinic_id IS NOT NEW.clinic_id
      BEGIN ${remove} ${add()} END`);
  await run(`CREATE TRIGGER ${TRIGGERS[2]} AFTER DELETE ON call_logs BEGIN ${remove} END`);
}

/** Every clinic's counts computed again from `call_logs` (the migration, and `reconcile` after a bulk load). */
export async function rebuildCallerCounts(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM call_log_caller_counts`.execute(db);
  await sql`INSERT INTO call_log_caller_counts (clinic_id, phone_digits, calls)
    SELECT clinic_id, digits, COUNT(*) FROM (SELECT clinic_id, ${phoneDigitsOf(db, 'caller_phone_number')} AS digits FROM call_logs) c
    WHERE length(digits) >= ${sql.lit(MIN_MATCHED_DIGITS)} GROUP BY clinic_id, digits`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of TRIGGERS) await sql.raw(`DROP TRIGGER IF EXISTS ${trigger}`).execute(db);
  await db.schema.dropTable('call_log_caller_counts').ifExists().execute();
}
