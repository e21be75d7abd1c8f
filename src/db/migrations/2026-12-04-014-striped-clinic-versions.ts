import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import { WORK_COLUMNS } from './2026-12-04-010-work-queue.js';
import { CHANGE_RING, mysqlWhatChanged, rebuildWords, sqliteWhatChanged } from './2026-12-04-013-clinic-word-index.js';
import { rebuildCallerCounts } from './2026-12-04-016-caller-counts.js';

/**
 * Status changes of one clinic that no longer wait for each other.
 *
 * Every write to a call moved clinic-wide rows (its clinic's `call_log_versions` row, a
 * `call_log_counters` row per status, a slot of the change ring), and InnoDB holds those row locks
 * until COMMIT, redo-log flush included: every PATCH of a large clinic queued behind the previous one.
 * The three tables are now striped by call (`stripe = call id % VERSION_STRIPES`), so writes to calls
 * of different stripes lock different rows:
 * - `call_log_versions` (clinic, stripe): each stripe's version moves with every write to its calls;
 *   a clinic's version is the vector of its stripe versions (a stripe without a row is at 0);
 * - `call_log_counters` (clinic, status, stripe): a clinic's total per status is the sum of its stripes;
 * - `call_log_changes` (clinic, stripe, slot): each stripe keeps its own ring of `CHANGE_RING`
 *   versions (slot = that stripe's version % CHANGE_RING).
 * A call keeps its stripe when it moves to another clinic (its id does not change).
 *
 * Existing versions become the version of each of the clinic's stripes (so versions only move
 * forward); counters are counted again per stripe from `call_logs` (one pass over the
 * (clinic, status, …) index); the old ring is dropped, so each cached page is computed once more.
 * `call_logs` itself is not touched. The triggers of migration 013 are recreated with the stripe,
 * their phone-suffix upkeep unchanged; the word index's triggers are not touched.
 */

export const VERSION_STRIPES = 8;

export const VERSION_TRIGGERS = [
  'zc_call_logs_after_insert',
  'zc_call_logs_after_update',
  'zc_call_logs_after_delete',
  'zc_call_log_work_after_update',
];

export async function up(db: Kysely<any>): Promise<void> {
  const mysql = dialectOf(db) === 'mysql';
  const run = (statement: string) => sql.raw(statement).execute(db);
  // First, so no trigger refers to a table while it is replaced (SQLite checks them on a rename).
  for (const trigger of VERSION_TRIGGERS) await run(`DROP TRIGGER IF EXISTS ${trigger}`);
  await run(`ALTER TABLE call_log_versions RENAME TO zc_call_log_versions_013`);
  await run(`DROP TABLE call_log_counters`);
  await run(`DROP TABLE call_log_changes`);
  if (mysql) {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await run(`CREATE TABLE call_log_versions (
        clinic_id int(11) NOT NULL, stripe tinyint NOT NULL, version bigint NOT NULL, PRIMARY KEY (clinic_id, stripe)) ${table}`);
    await run(`CREATE TABLE call_log_counters (
        clinic_id int(11) NOT NULL, status varchar(16) NOT NULL, stripe tinyint NOT NULL, total int NOT NULL DEFAULT 0,
        PRIMARY KEY (clinic_id, status, stripe)) ${table}`);
    await run(`CREATE TABLE call_log_changes (
        clinic_id int(11) NOT NULL, stripe tinyint NOT NULL, slot smallint NOT NULL, version bigint NOT NULL, call_log_id int(11) NOT NULL,
        what varchar(8) NOT NULL, old_status varchar(16) DEFAULT NULL, new_status varchar(16) DEFAULT NULL,
        PRIMARY KEY (clinic_id, stripe, slot)) ${table}`);
  } else {
    await run(`CREATE TABLE call_log_versions (
        clinic_id integer NOT NULL, stripe integer NOT NULL, version integer NOT NULL, PRIMARY KEY (clinic_id, stripe)) WITHOUT ROWID`);
    await run(`CREATE TABLE call_log_counters (
        clinic_id integer NOT NULL, status text NOT NULL, stripe integer NOT NULL, total integer NOT NULL DEFAULT 0,
        PRIMARY KEY (clinic_id, status, stripe)) WITHOUT ROWID`);
    await run(`CREATE TABLE call_log_changes (
        clinic_id integer NOT NULL, stripe integer NOT NULL, slot integer NOT NULL, version integer NOT NULL, call_log_id integer NOT NULL,
        what text NOT NULL, old_status text, new_status text, PRIMARY KEY (clinic_id, stripe, slot)) WITHOUT ROWID`);
  }
  await run(`INSERT INTO call_log_versions (clinic_id, stripe, version)
      SELECT o.clinic_id, p.n - 1, o.version FROM zc_call_log_versions_013 o JOIN zc_positions p ON p.n <= ${VERSION_STRIPES}`);
  await run(`DROP TABLE zc_call_log_versions_013`);
  if (mysql) await createMysqlTriggers(db, { phoneSuffixes: true });
  else await createSqliteTriggers(db, { phoneSuffixes: true });
  await countByStripe(db);
}

const stripeOf = (row: 'NEW' | 'OLD') => `${row}.id % ${VERSION_STRIPES}`;

/** `phoneSuffixes`: whether the triggers keep `call_log_phone_suffixes` (until migration 017 drops it). */
interface TriggerOptions {
  phoneSuffixes: boolean;
}

// ---------------------------------------------------------------------------------------------- MariaDB

/** Each trigger replaced in one statement, so another program writing calls meanwhile never finds none. */
export async function createMysqlTriggers(db: Kysely<any>, { phoneSuffixes }: TriggerOptions): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  // Migration 013's phone-suffix upkeep, unchanged.
  const declareDigits = phoneSuffixes ? `DECLARE digits varchar(64) DEFAULT REGEXP_REPLACE(NEW.caller_phone_number, '[^0-9]', '');` : '';
  const addSuffixes = `INSERT INTO call_log_phone_suffixes (clinic_id, suffix, call_log_id)
      SELECT NEW.clinic_id, SUBSTRING(digits, n), NEW.id FROM zc_positions WHERE n <= CHAR_LENGTH(digits) - 2;`;
  const insertSuffixes = phoneSuffixes ? addSuffixes : '';
  const moveSuffixes = phoneSuffixes
    ? `IF NOT (OLD.caller_phone_number <=> NEW.caller_phone_number) OR NOT (OLD.clinic_id <=> NEW.clinic_id) THEN
        DELETE FROM call_log_phone_suffixes WHERE call_log_id = OLD.id; ${addSuffixes}
      END IF;`
    : '';
  const removeSuffixes = phoneSuffixes ? 'DELETE FROM call_log_phone_suffixes WHERE call_log_id = OLD.id;' : '';
  const bumpVersion = (row: 'NEW' | 'OLD') =>
    `INSERT INTO call_log_versions (clinic_id, stripe, version) VALUES (${row}.clinic_id, ${stripeOf(row)}, 1)
      ON DUPLICATE KEY UPDATE version = version + 1;`;
  const count = (row: 'NEW' | 'OLD', delta: string) =>
    `INSERT INTO call_log_counters (clinic_id, status, stripe, total) VALUES (${row}.clinic_id, ${row}.status, ${stripeOf(row)}, ${delta})
      ON DUPLICATE KEY UPDATE total = total + ${delta};`;
  // Right after the stripe's version moved, under its row lock: the slot of that version says what it changed.
  const change = (row: 'NEW' | 'OLD', what: string, oldStatus: string, newStatus: string) =>
    `INSERT INTO call_log_changes (clinic_id, stripe, slot, version, call_log_id, what, old_status, new_status)
      SELECT v.clinic_id, v.stripe, v.version % ${CHANGE_RING}, v.version, ${row}.id, ${what}, ${oldStatus}, ${newStatus}
      FROM call_log_versions v WHERE v.clinic_id = ${row}.clinic_id AND v.stripe = ${stripeOf(row)}
      ON DUPLICATE KEY UPDATE version = VALUES(version), call_log_id = VALUES(call_log_id), what = VALUES(what),
        old_status = VALUES(old_status), new_status = VALUES(new_status);`;

  await run(`CREATE OR REPLACE TRIGGER zc_call_logs_after_insert AFTER INSERT ON call_logs FOR EACH ROW BEGIN
      ${declareDigits} ${count('NEW', '1')} ${bumpVersion('NEW')} ${change('NEW', `'i'`, 'NULL', 'NEW.status')} ${insertSuffixes} END`);
  await run(`CREATE OR REPLACE TRIGGER zc_call_logs_after_update AFTER UPDATE ON call_logs FOR EACH ROW BEGIN
      ${declareDigits}
      IF NOT (OLD.status <=> NEW.status) OR NOT (OLD.clinic_id <=> NEW.clinic_id) THEN
        -- Counter rows are always locked in (clinic, status, stripe) order, so two status changes can never
        -- deadlock: OLD and NEW are the same call, so the same stripe, and (clinic, status) decides.
        IF OLD.clinic_id < NEW.clinic_id OR (OLD.clinic_id = NEW.clinic_id AND OLD.status < NEW.status) THEN
          ${count('OLD', '-1')} ${count('NEW', '1')}
        ELSE
          ${count('NEW', '1')} ${count('OLD', '-1')}
        END IF;
      END IF;
      ${moveSuffixes}
      ${bumpVersion('NEW')}
      IF NOT (OLD.clinic_id <=> NEW.clinic_id) THEN
        ${change('NEW', `'i'`, 'NULL', 'NEW.status')} ${bumpVersion('OLD')} ${change('OLD', `'d'`, 'OLD.status', 'NULL')}
      ELSE
        ${change('NEW', mysqlWhatChanged, 'OLD.status', 'NEW.status')}
      END IF;
    END`);
  await run(`CREATE OR REPLACE TRIGGER zc_call_logs_after_delete AFTER DELETE ON call_logs FOR EACH ROW BEGIN
      ${count('OLD', '-1')} ${bumpVersion('OLD')} ${change('OLD', `'d'`, 'OLD.status', 'NULL')} ${removeSuffixes} END`);

  // Migration 010's: a change of work state moves the version of the call's stripe, without a note.
  const changed = WORK_COLUMNS.map((column) => `NOT (OLD.${column} <=> NEW.${column})`).join(' OR ');
  await run(`CREATE OR REPLACE TRIGGER zc_call_log_work_after_update AFTER UPDATE ON call_log_work FOR EACH ROW
      IF ${changed} THEN
        INSERT INTO call_log_versions (clinic_id, stripe, version) VALUES (NEW.clinic_id, NEW.call_log_id % ${VERSION_STRIPES}, 1)
          ON DUPLICATE KEY UPDATE version = version + 1;
      END IF`);
}

// ---------------------------------------------------------------------------------------------- SQLite

/** A phone's digits in SQLite, character by character over `zc_positions` (as migrations 005 and 013). */
const sqliteDigits = (phone: string) =>
  `(SELECT group_concat(c, '') FROM (SELECT substr(${phone}, n, 1) AS c FROM zc_positions WHERE n <= length(${phone}) ORDER BY n)
      WHERE c GLOB '[0-9]')`;

const differs = (column: string) => `OLD.${column} IS NOT NEW.${column}`;

/** The caller drops the triggers first (SQLite has no CREATE OR REPLACE TRIGGER; migrations run in a transaction). */
export async function createSqliteTriggers(db: Kysely<any>, { phoneSuffixes }: TriggerOptions): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  // Migration 013's phone-suffix upkeep, unchanged.
  const addSuffixes = (when = '') => `INSERT INTO call_log_phone_suffixes (clinic_id, suffix, call_log_id)
      SELECT NEW.clinic_id, substr(d.digits, p.n), NEW.id FROM (SELECT ${sqliteDigits('NEW.caller_phone_number')} AS digits) d
      JOIN zc_positions p ON p.n <= length(d.digits) - 2 ${when};`;
  const phoneMoved = `(${differs('caller_phone_number')} OR ${differs('clinic_id')})`;
  const insertSuffixes = phoneSuffixes ? addSuffixes() : '';
  const moveSuffixes = phoneSuffixes
    ? `DELETE FROM call_log_phone_suffixes WHERE call_log_id = OLD.id AND ${phoneMoved}; ${addSuffixes(`WHERE ${phoneMoved}`)}`
    : '';
  const removeSuffixes = phoneSuffixes ? 'DELETE FROM call_log_phone_suffixes WHERE call_log_id = OLD.id;' : '';
  const statusMoved = `(${differs('status')} OR ${differs('clinic_id')})`;
  const bumpVersion = (row: 'NEW' | 'OLD', when = 'true') =>
    `INSERT INTO call_log_versions (clinic_id, stripe, version) SELECT ${row}.clinic_id, ${stripeOf(row)}, 1 WHERE ${when}
      ON CONFLICT (clinic_id, stripe) DO UPDATE SET version = version + 1;`;
  const count = (row: 'NEW' | 'OLD', delta: string, when = 'true') =>
    `INSERT INTO call_log_counters (clinic_id, status, stripe, total) SELECT ${row}.clinic_id, ${row}.status, ${stripeOf(row)}, ${delta}
      WHERE ${when} ON CONFLICT (clinic_id, status, stripe) DO UPDATE SET total = total + ${delta};`;
  const change = (row: 'NEW' | 'OLD', what: string, oldStatus: string, newStatus: string, when = 'true') =>
    `INSERT INTO call_log_changes (clinic_id, stripe, slot, version, call_log_id, what, old_status, new_status)
      SELECT v.clinic_id, v.stripe, v.version % ${CHANGE_RING}, v.version, ${row}.id, ${what}, ${oldStatus}, ${newStatus}
      FROM call_log_versions v WHERE v.clinic_id = ${row}.clinic_id AND v.stripe = ${stripeOf(row)} AND ${when}
      ON CONFLICT (clinic_id, stripe, slot) DO UPDATE SET version = excluded.version, call_log_id = excluded.call_log_id,
        what = excluded.what, old_status = excluded.old_status, new_status = excluded.new_status;`;
  const clinicMoved = differs('clinic_id');

  await run(`CREATE TRIGGER zc_call_logs_after_insert AFTER INSERT ON call_logs BEGIN
      ${count('NEW', '1')} ${bumpVersion('NEW')} ${change('NEW', `'i'`, 'NULL', 'NEW.status')} ${insertSuffixes} END`);
  await run(`CREATE TRIGGER zc_call_logs_after_update AFTER UPDATE ON call_logs BEGIN
      ${count('OLD', '-1', statusMoved)} ${count('NEW', '1', statusMoved)}
      ${moveSuffixes}
      ${bumpVersion('NEW')}
      ${change('NEW', `'i'`, 'NULL', 'NEW.status', clinicMoved)}
      ${change('NEW', sqliteWhatChanged, 'OLD.status', 'NEW.status', `NOT (${clinicMoved})`)}
      ${bumpVersion('OLD', clinicMoved)} ${change('OLD', `'d'`, 'OLD.status', 'NULL', clinicMoved)} END`);
  await run(`CREATE TRIGGER zc_call_logs_after_delete AFTER DELETE ON call_logs BEGIN
      ${count('OLD', '-1')} ${bumpVersion('OLD')} ${change('OLD', `'d'`, 'OLD.status', 'NULL')} ${removeSuffixes} END`);

  const changed = WORK_COLUMNS.map((column) => `OLD.${column} IS NOT NEW.${column}`).join(' OR ');
  await run(`CREATE TRIGGER zc_call_log_work_after_update AFTER UPDATE ON call_log_work WHEN ${changed} BEGIN
      INSERT INTO call_log_versions (clinic_id, stripe, version) VALUES (NEW.clinic_id, NEW.call_log_id % ${VERSION_STRIPES}, 1)
        ON CONFLICT (clinic_id, stripe) DO UPDATE SET version = version + 1;
      END`);
}

// ---------------------------------------------------------------------------------------------- rebuild

/** Each (clinic, status, stripe) total counted from `call_logs` again. */
async function countByStripe(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM call_log_counters`.execute(db);
  await sql
    .raw(
      `INSERT INTO call_log_counters (clinic_id, status, stripe, total)
      SELECT clinic_id, status, id % ${VERSION_STRIPES}, COUNT(*) FROM call_logs GROUP BY clinic_id, status, id % ${VERSION_STRIPES}`,
    )
    .execute(db);
}

/**
 * Recomputes every table derived from `call_logs`: `npm run cli -- reconcile` after a bulk load that
 * bypassed the triggers. Every stripe's version moves (only ever forward, so a page cached before
 * the rebuild never looks current after it) without a change-ring entry: every cached page is
 * computed again. (SQLite's `call_logs_fts`, unread since migration 013, is no longer rebuilt.)
 */
export async function rebuildDerived(db: Kysely<any>): Promise<void> {
  await countByStripe(db);
  await sql`UPDATE call_log_versions SET version = version + 1`.execute(db);
  await sql
    .raw(
      `INSERT INTO call_log_versions (clinic_id, stripe, version)
      SELECT c.id, p.n - 1, 1 FROM clinics c JOIN zc_positions p ON p.n <= ${VERSION_STRIPES}
      WHERE NOT EXISTS (SELECT 1 FROM call_log_versions v WHERE v.clinic_id = c.id AND v.stripe = p.n - 1)`,
    )
    .execute(db);
  await rebuildWords(db);
  await rebuildCallerCounts(db);
}

export async function down(): Promise<void> {
  // Derived data only; dropping it is never needed to roll back a release.
}
