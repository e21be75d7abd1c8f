import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The front desk's work queue, beside `call_logs` (whose columns never change):
 *
 * `call_log_work`: one row per call, keyed by its id: who it is assigned to, its priority (a rank,
 * 1 = Urgent … 4 = Low, so "Urgent first" is an index order), when a call back is due, the attempts
 * made and the outcome. It also mirrors the call's `clinic_id`, `status` and `call_started_at`, so
 * "Mine", "Overdue" and the due/priority orders are served by this table's indexes alone and only the
 * page's 20 calls are read from `call_logs` (a deferred join).
 * - Triggers on `call_logs` keep it, whoever writes: an insert creates the row (priority from the
 *   reason: an emergency is Urgent), a change of status, start or clinic is mirrored, a delete
 *   removes it. They are separate triggers from migration 004's, which stay as they are, and the
 *   update trigger does nothing unless one of the three mirrored columns changed, so a summary edit
 *   costs no extra write.
 * - A change to the work state itself (assignment, priority, due time, attempts, outcome) moves the
 *   clinic's `call_log_versions` row, as a change to a call does: cached pages stay exact.
 * - No foreign keys: the rows are derived data kept by triggers (like the phone suffixes), and users
 *   are disabled, never deleted.
 *
 * `clinic_work_settings`: a clinic's time zone, opening hours, callback windows and retry interval
 * (work-queue/settings.ts has the defaults a clinic without a row gets).
 *
 * Calls stored before this migration get their row in one INSERT … SELECT. Nobody scheduled their
 * call back, so an open one is due from its end (an emergency 15 minutes after): everything still
 * open from before is overdue, which is what it is.
 */

const OUTCOMES = ['BOOKED', 'RESCHEDULED', 'CANCELLED', 'ANSWERED', 'NO_ACTION_NEEDED', 'UNREACHABLE'];
const OUTCOME_CHECK = `CHECK (outcome IN (${OUTCOMES.map((o) => `'${o}'`).join(', ')}))`;

const priorityOf = (row: string) => `CASE WHEN ${row}.reason_for_call = 'EMERGENCY' THEN 1 ELSE 3 END`;

/** The columns whose change moves the clinic's version (the mirrored ones move it through `call_logs`). */
export const WORK_COLUMNS = ['assignee_user_id', 'priority', 'callback_due_at', 'callback_attempts', 'last_attempt_at', 'outcome'];

const INDEXES = [
  // Mine / Unassigned / someone's calls, per status, newest first.
  ['zc_call_log_work_assignee', 'clinic_id, assignee_user_id, status, call_started_at, call_log_id'],
  // Overdue and due-today ranges, and sort=due, per status.
  ['zc_call_log_work_due', 'clinic_id, status, callback_due_at, call_started_at DESC, call_log_id DESC'],
  // sort=priority: Urgent first, then due time, then newest, per status.
  ['zc_call_log_work_priority', 'clinic_id, status, priority, callback_due_at, call_started_at DESC, call_log_id DESC'],
  // Newest first with a due filter: the due time is read from the index while walking it.
  ['zc_call_log_work_started', 'clinic_id, status, call_started_at, call_log_id, callback_due_at'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'mysql') await upMysql(db);
  else await upSqlite(db);
  await backfill(db);
}

/** MariaDB: the insert trigger's head, without its body (migration 018 gives it another). */
export const MYSQL_WORK_INSERT_TRIGGER =
  'zc_call_logs_work_after_insert AFTER INSERT ON call_logs FOR EACH ROW FOLLOWS zc_call_logs_after_insert';

/**
 * MariaDB: the work row of the call in `NEW`, due at `dueAt` (an SQL expression; migration 018 hands
 * ingestion's due time over this way). An existing row (a call id seen before) keeps its work state;
 * its mirrored columns are refreshed.
 */
export const mysqlUpsertWorkRow = (
  dueAt = 'NULL',
) => `INSERT INTO call_log_work (call_log_id, clinic_id, status, call_started_at, priority, callback_due_at)
      VALUES (NEW.id, NEW.clinic_id, NEW.status, NEW.call_started_at, ${priorityOf('NEW')}, ${dueAt})
      ON DUPLICATE KEY UPDATE clinic_id = NEW.clinic_id, status = NEW.status, call_started_at = NEW.call_started_at`;

async function upMysql(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
  await run(`CREATE TABLE IF NOT EXISTS call_log_work (
      call_log_id int(11) NOT NULL PRIMARY KEY,
      clinic_id int(11) NOT NULL,
      status enum('NEW','IN_PROGRESS','DONE','ARCHIVED') NOT NULL,
      call_started_at datetime NOT NULL,
      assignee_user_id int(11) DEFAULT NULL,
      priority tinyint NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 4),
      callback_due_at datetime DEFAULT NULL,
      callback_attempts int NOT NULL DEFAULT 0,
      last_attempt_at datetime DEFAULT NULL,
      outcome varchar(32) DEFAULT NULL ${OUTCOME_CHECK},
      updated_at datetime DEFAULT NULL,
      ${INDEXES.map(([name, columns]) => `KEY ${name} (${columns})`).join(',\n      ')}
    ) ${table}`);
  await run(`CREATE TABLE IF NOT EXISTS clinic_work_settings (
      clinic_id int(11) NOT NULL PRIMARY KEY,
      time_zone varchar(64) NOT NULL,
      opening_hours longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (json_valid(opening_hours)),
      callback_windows longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (json_valid(callback_windows)),
      retry_minutes int NOT NULL CHECK (retry_minutes BETWEEN 1 AND 10080),
      updated_at datetime NOT NULL,
      CONSTRAINT zc_clinic_work_settings_clinic FOREIGN KEY (clinic_id) REFERENCES clinics (id) ON DELETE CASCADE
    ) ${table}`);

  await run(`DROP TRIGGER IF EXISTS zc_call_logs_work_after_insert`);
  await run(`CREATE TRIGGER ${MYSQL_WORK_INSERT_TRIGGER} ${mysqlUpsertWorkRow()}`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_work_after_update`);
  await run(`CREATE TRIGGER zc_call_logs_work_after_update AFTER UPDATE ON call_logs FOR EACH ROW FOLLOWS zc_call_logs_after_update
      IF NOT (OLD.status <=> NEW.status) OR NOT (OLD.call_started_at <=> NEW.call_started_at) OR NOT (OLD.clinic_id <=> NEW.clinic_id) THEN
        ${mysqlUpsertWorkRow()};
      END IF`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_work_after_delete`);
  await run(`CREATE TRIGGER zc_call_logs_work_after_delete AFTER DELETE ON call_logs FOR EACH ROW FOLLOWS zc_call_logs_after_delete
      DELETE FROM call_log_work WHERE call_log_id = OLD.id`);

  const changed = WORK_COLUMNS.map((column) => `NOT (OLD.${column} <=> NEW.${column})`).join(' OR ');
  await run(`DROP TRIGGER IF EXISTS zc_call_log_work_after_update`);
  await run(`CREATE TRIGGER zc_call_log_work_after_update AFTER UPDATE ON call_log_work FOR EACH ROW
      IF ${changed} THEN
        INSERT INTO call_log_versions (clinic_id, version) VALUES (NEW.clinic_id, 1) ON DUPLICATE KEY UPDATE version = version + 1;
      END IF`);
}

async function upSqlite(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  await run(`CREATE TABLE IF NOT EXISTS call_log_work (
      call_log_id integer NOT NULL PRIMARY KEY,
      clinic_id integer NOT NULL,
      status text NOT NULL CHECK (status IN ('NEW','IN_PROGRESS','DONE','ARCHIVED')),
      call_started_at datetime NOT NULL,
      assignee_user_id integer DEFAULT NULL,
      priority integer NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 4),
      callback_due_at datetime DEFAULT NULL,
      callback_attempts integer NOT NULL DEFAULT 0,
      last_attempt_at datetime DEFAULT NULL,
      outcome text DEFAULT NULL ${OUTCOME_CHECK},
      updated_at datetime DEFAULT NULL
    )`);
  for (const [name, columns] of INDEXES) await run(`CREATE INDEX IF NOT EXISTS ${name} ON call_log_work (${columns})`);
  await run(`CREATE TABLE IF NOT EXISTS clinic_work_settings (
      clinic_id integer NOT NULL PRIMARY KEY REFERENCES clinics (id) ON DELETE CASCADE,
      time_zone varchar(64) NOT NULL,
      opening_hours text NOT NULL CHECK (json_valid(opening_hours)),
      callback_windows text NOT NULL CHECK (json_valid(callback_windows)),
      retry_minutes integer NOT NULL CHECK (retry_minutes BETWEEN 1 AND 10080),
      updated_at datetime NOT NULL
    )`);

  const upsertRow = `INSERT INTO call_log_work (call_log_id, clinic_id, status, call_started_at, priority)
      VALUES (NEW.id, NEW.clinic_id, NEW.status, NEW.call_started_at, ${priorityOf('NEW')})
      ON CONFLICT (call_log_id) DO UPDATE SET clinic_id = excluded.clinic_id, status = excluded.status, call_started_at = excluded.call_started_at;`;
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_work_after_insert`);
  await run(`CREATE TRIGGER zc_call_logs_work_after_insert AFTER INSERT ON call_logs BEGIN ${upsertRow} END`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_work_after_update`);
  await run(`CREATE TRIGGER zc_call_logs_work_after_update AFTER UPDATE OF status, call_started_at, clinic_id ON call_logs
      WHEN OLD.status IS NOT NEW.status OR OLD.call_started_at IS NOT NEW.call_started_at OR OLD.clinic_id IS NOT NEW.clinic_id
      BEGIN ${upsertRow} END`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_work_after_delete`);
  await run(`CREATE TRIGGER zc_call_logs_work_after_delete AFTER DELETE ON call_logs BEGIN
      DELETE FROM call_log_work WHERE call_log_id = OLD.id; END`);

  const changed = WORK_COLUMNS.map((column) => `OLD.${column} IS NOT NEW.${column}`).join(' OR ');
  await run(`DROP TRIGGER IF EXISTS zc_call_log_work_after_update`);
  await run(`CREATE TRIGGER zc_call_log_work_after_update AFTER UPDATE ON call_log_work WHEN ${changed} BEGIN
      INSERT INTO call_log_versions (clinic_id, version) VALUES (NEW.clinic_id, 1) ON CONFLICT (clinic_id) DO UPDATE SET version = version + 1;
      END`);
}

/** Calls without a work row get one (see the header for their due time): one statement, whatever the table's size. */
async function backfill(db: Kysely<any>): Promise<void> {
  const mysql = dialectOf(db) === 'mysql';
  const end = 'COALESCE(c.call_ended_at, c.call_started_at)';
  const plus15 = mysql ? `${end} + INTERVAL 15 MINUTE` : `datetime(${end}, '+15 minutes')`;
  await sql
    .raw(
      `INSERT INTO call_log_work (call_log_id, clinic_id, status, call_started_at, priority, callback_due_at)
      SELECT c.id, c.clinic_id, c.status, c.call_started_at, ${priorityOf('c')},
        CASE WHEN c.status NOT IN ('NEW', 'IN_PROGRESS') THEN NULL WHEN c.reason_for_call = 'EMERGENCY' THEN ${plus15} ELSE ${end} END
      FROM call_logs c
      WHERE NOT EXISTS (SELECT 1 FROM call_log_work w WHERE w.call_log_id = c.id)`,
    )
    .execute(db);
}

/**
 * Brings `call_log_work` back in line with `call_logs` after a bulk load that bypassed the triggers
 * (`npm run cli -- reconcile`): rows for calls without one, mirrored columns refreshed, rows of
 * deleted calls removed. Work state already recorded is kept.
 */
export async function rebuildCallLogWork(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM call_log_work WHERE call_log_id NOT IN (SELECT id FROM call_logs)`.execute(db);
  await sql`UPDATE call_log_work SET
      clinic_id = (SELECT c.clinic_id FROM call_logs c WHERE c.id = call_log_work.call_log_id),
      status = (SELECT c.status FROM call_logs c WHERE c.id = call_log_work.call_log_id),
      call_started_at = (SELECT c.call_started_at FROM call_logs c WHERE c.id = call_log_work.call_log_id)`.execute(db);
  await backfill(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of ['zc_call_logs_work_after_insert', 'zc_call_logs_work_after_update', 'zc_call_logs_work_after_delete']) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${trigger}`).execute(db);
  }
  await db.schema.dropTable('call_log_work').ifExists().execute();
  await db.schema.dropTable('clinic_work_settings').ifExists().execute();
}
