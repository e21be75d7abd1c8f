import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * `call_log_activity`: what happened to a call and who did it (a recording played, a retention purge;
 * the full trail of staff actions builds on it). Append-only in the database itself: triggers on both
 * databases refuse every UPDATE and DELETE, whoever runs them, so the trail cannot be rewritten by
 * Zenicall, by another program, or by a person with a SQL prompt and the app's credentials.
 * - No foreign keys: a trail entry outlives its actor (`actor_name` keeps who it was) and even its call
 *   (a cascading delete would be refused by the trigger on SQLite and bypass it on MariaDB).
 * - `action` is free text (`recording_played`, `retention_purged`, …), so new kinds of entry need no migration.
 *
 * `clinic_settings`: one row per clinic that has changed a setting (a clinic without a row has the
 * defaults); `retention_days` NULL keeps calls' contents forever.
 *
 * Both are new tables; `call_logs` is not touched.
 */

const APPEND_ONLY = 'call_log_activity is append-only: its entries cannot be changed or deleted';

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'mysql') await upMysql(db);
  else await upSqlite(db);
}

async function upMysql(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
  await run(`CREATE TABLE IF NOT EXISTS call_log_activity (
      id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
      call_log_id int(11) NOT NULL,
      clinic_id int(11) NOT NULL,
      at datetime NOT NULL,
      actor_user_id int(11) DEFAULT NULL,
      actor_name varchar(255) NOT NULL,
      action varchar(64) NOT NULL,
      changes longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(changes)),
      KEY zc_call_log_activity_call (call_log_id, id),
      KEY zc_call_log_activity_clinic (clinic_id, at)
    ) ${table}`);
  for (const event of ['UPDATE', 'DELETE']) {
    await run(`DROP TRIGGER IF EXISTS zc_call_log_activity_no_${event.toLowerCase()}`);
    await run(`CREATE TRIGGER zc_call_log_activity_no_${event.toLowerCase()} BEFORE ${event} ON call_log_activity FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${APPEND_ONLY}'`);
  }
  await run(`CREATE TABLE IF NOT EXISTS clinic_settings (
      clinic_id int(11) NOT NULL PRIMARY KEY,
      retention_days int DEFAULT NULL CHECK (retention_days BETWEEN 1 AND 3650),
      updated_at datetime NOT NULL,
      CONSTRAINT zc_clinic_settings_clinic FOREIGN KEY (clinic_id) REFERENCES clinics (id) ON DELETE CASCADE
    ) ${table}`);
}

async function upSqlite(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  await run(`CREATE TABLE IF NOT EXISTS call_log_activity (
      id integer PRIMARY KEY AUTOINCREMENT,
      call_log_id integer NOT NULL,
      clinic_id integer NOT NULL,
      at datetime NOT NULL,
      actor_user_id integer DEFAULT NULL,
      actor_name varchar(255) NOT NULL,
      action varchar(64) NOT NULL,
      changes text DEFAULT NULL CHECK (json_valid(changes))
    )`);
  await run(`CREATE INDEX IF NOT EXISTS zc_call_log_activity_call ON call_log_activity (call_log_id, id)`);
  await run(`CREATE INDEX IF NOT EXISTS zc_call_log_activity_clinic ON call_log_activity (clinic_id, at)`);
  for (const event of ['UPDATE', 'DELETE']) {
    await run(`DROP TRIGGER IF EXISTS zc_call_log_activity_no_${event.toLowerCase()}`);
    await run(`CREATE TRIGGER zc_call_log_activity_no_${event.toLowerCase()} BEFORE ${event} ON call_log_activity
      BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END`);
  }
  await run(`CREATE TABLE IF NOT EXISTS clinic_settings (
      clinic_id integer NOT NULL PRIMARY KEY REFERENCES clinics (id) ON DELETE CASCADE,
      retention_days integer DEFAULT NULL CHECK (retention_days BETWEEN 1 AND 3650),
      updated_at datetime NOT NULL
    )`);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('clinic_settings').ifExists().execute();
  // The trail is evidence: rolling a release back never drops it.
}
