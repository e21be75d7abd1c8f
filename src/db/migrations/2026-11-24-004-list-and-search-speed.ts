import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * What keeps the list fast at millions of calls, without touching the user's columns or seed indexes:
 * - composite indexes serving "this clinic, newest first" and "this clinic and status, newest first";
 * - `call_log_counters`: exact per-clinic, per-status totals, so page 1 never counts 250,000 rows;
 * - `call_log_versions`: a per-clinic number that moves on every write, so a cached page is known fresh;
 * - `call_log_phone_suffixes`: every digit suffix of each phone, so "4567" finds +15551234567 by index;
 * - full-text search over names and summary (MariaDB FULLTEXT, SQLite FTS5).
 * Triggers keep the derived tables exact in the writing transaction, whoever writes: Zenicall or
 * another program on the same database.
 */

/** Like the user's own tables (see withTableOptions in dialect.ts). */
const MYSQL_TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const POSITIONS = Array.from({ length: 30 }, (_, i) => i + 1);

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'mysql') await upMysql(db);
  else await upSqlite(db);
}

async function upMysql(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);

  await run(`CREATE INDEX IF NOT EXISTS zc_call_logs_clinic_started ON call_logs (clinic_id, call_started_at, id)`);
  await run(`CREATE INDEX IF NOT EXISTS zc_call_logs_clinic_status_started ON call_logs (clinic_id, status, call_started_at, id)`);
  await run(`CREATE FULLTEXT INDEX IF NOT EXISTS zc_call_logs_search ON call_logs (caller_first_name, caller_last_name, summary)`);

  await run(`CREATE TABLE IF NOT EXISTS zc_positions (n tinyint NOT NULL PRIMARY KEY) ${MYSQL_TABLE_OPTIONS}`);
  await run(`INSERT IGNORE INTO zc_positions (n) VALUES ${POSITIONS.map((n) => `(${n})`).join(', ')}`);
  await run(`CREATE TABLE IF NOT EXISTS call_log_counters (
      clinic_id int(11) NOT NULL, status varchar(16) NOT NULL, total int NOT NULL DEFAULT 0,
      PRIMARY KEY (clinic_id, status)) ${MYSQL_TABLE_OPTIONS}`);
  await run(`CREATE TABLE IF NOT EXISTS call_log_versions (
      clinic_id int(11) NOT NULL PRIMARY KEY, version bigint NOT NULL DEFAULT 0) ${MYSQL_TABLE_OPTIONS}`);
  await createPhoneSuffixTable(db);

  // The phone's digits, computed once per row (a regular expression per position would cost ~60 per insert).
  const declareDigits = `DECLARE digits varchar(64) DEFAULT REGEXP_REPLACE(NEW.caller_phone_number, '[^0-9]', '');`;
  const addSuffixes = `INSERT INTO call_log_phone_suffixes (clinic_id, suffix, call_log_id)
      SELECT NEW.clinic_id, SUBSTRING(digits, n), NEW.id FROM zc_positions WHERE n <= CHAR_LENGTH(digits) - 2;`;
  const bumpVersion = (row: 'NEW' | 'OLD') =>
    `INSERT INTO call_log_versions (clinic_id, version) VALUES (${row}.clinic_id, 1) ON DUPLICATE KEY UPDATE version = version + 1;`;
  const count = (row: 'NEW' | 'OLD', delta: string) =>
    `INSERT INTO call_log_counters (clinic_id, status, total) VALUES (${row}.clinic_id, ${row}.status, ${delta}) ON DUPLICATE KEY UPDATE total = total + ${delta};`;

  await run(`DROP TRIGGER IF EXISTS zc_call_logs_after_insert`);
  await run(`CREATE TRIGGER zc_call_logs_after_insert AFTER INSERT ON call_logs FOR EACH ROW BEGIN
      ${declareDigits} ${count('NEW', '1')} ${bumpVersion('NEW')} ${addSuffixes} END`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_after_update`);
  await run(`CREATE TRIGGER zc_call_logs_after_update AFTER UPDATE ON call_logs FOR EACH ROW BEGIN
      ${declareDigits}
      IF NOT (OLD.status <=> NEW.status) OR NOT (OLD.clinic_id <=> NEW.clinic_id) THEN
        -- Counter rows are always locked in (clinic, status) order, so two status changes can never deadlock.
        IF OLD.clinic_id < NEW.clinic_id OR (OLD.clinic_id = NEW.clinic_id AND OLD.status < NEW.status) THEN
          ${count('OLD', '-1')} ${count('NEW', '1')}
        ELSE
          ${count('NEW', '1')} ${count('OLD', '-1')}
        END IF;
      END IF;
      IF NOT (OLD.caller_phone_number <=> NEW.caller_phone_number) OR NOT (OLD.clinic_id <=> NEW.clinic_id) THEN
        DELETE FROM call_log_phone_suffixes WHERE call_log_id = OLD.id; ${addSuffixes}
      END IF;
      ${bumpVersion('NEW')}
      IF NOT (OLD.clinic_id <=> NEW.clinic_id) THEN ${bumpVersion('OLD')} END IF;
    END`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_after_delete`);
  await run(`CREATE TRIGGER zc_call_logs_after_delete AFTER DELETE ON call_logs FOR EACH ROW BEGIN
      ${count('OLD', '-1')} ${bumpVersion('OLD')} DELETE FROM call_log_phone_suffixes WHERE call_log_id = OLD.id; END`);

  await rebuildDerived(db, 'mysql');
}

async function upSqlite(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  await run(`CREATE INDEX IF NOT EXISTS zc_call_logs_clinic_started ON call_logs (clinic_id, call_started_at, id)`);
  await run(`CREATE INDEX IF NOT EXISTS zc_call_logs_clinic_status_started ON call_logs (clinic_id, status, call_started_at, id)`);
  await run(`CREATE VIRTUAL TABLE IF NOT EXISTS call_logs_fts USING fts5(
      caller_first_name, caller_last_name, summary,
      content='call_logs', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`);

  await run(`CREATE TABLE IF NOT EXISTS zc_positions (n integer NOT NULL PRIMARY KEY)`);
  await run(`INSERT OR IGNORE INTO zc_positions (n) VALUES ${POSITIONS.map((n) => `(${n})`).join(', ')}`);
  await run(`CREATE TABLE IF NOT EXISTS call_log_counters (
      clinic_id integer NOT NULL, status text NOT NULL, total integer NOT NULL DEFAULT 0, PRIMARY KEY (clinic_id, status)) WITHOUT ROWID`);
  await run(`CREATE TABLE IF NOT EXISTS call_log_versions (clinic_id integer NOT NULL PRIMARY KEY, version integer NOT NULL DEFAULT 0)`);
  await createPhoneSuffixTable(db);

  const digits = (row: 'NEW' | 'OLD') =>
    `replace(replace(replace(replace(replace(replace(${row}.caller_phone_number, '+', ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', '')`;
  const addSuffixes = `INSERT INTO call_log_phone_suffixes (clinic_id, suffix, call_log_id)
      SELECT NEW.clinic_id, substr(${digits('NEW')}, n), NEW.id FROM zc_positions
      WHERE n <= length(${digits('NEW')}) - 2 AND ${digits('NEW')} GLOB '[0-9]*' AND ${digits('NEW')} NOT GLOB '*[^0-9]*';`;
  const bumpVersion = (row: 'NEW' | 'OLD') =>
    `INSERT INTO call_log_versions (clinic_id, version) VALUES (${row}.clinic_id, 1) ON CONFLICT (clinic_id) DO UPDATE SET version = version + 1;`;
  const count = (row: 'NEW' | 'OLD', delta: string) =>
    `INSERT INTO call_log_counters (clinic_id, status, total) VALUES (${row}.clinic_id, ${row}.status, ${delta}) ON CONFLICT (clinic_id, status) DO UPDATE SET total = total + ${delta};`;
  const ftsInsert = `INSERT INTO call_logs_fts (rowid, caller_first_name, caller_last_name, summary) VALUES (NEW.id, NEW.caller_first_name, NEW.caller_last_name, NEW.summary);`;
  const ftsDelete = `INSERT INTO call_logs_fts (call_logs_fts, rowid, caller_first_name, caller_last_name, summary) VALUES ('delete', OLD.id, OLD.caller_first_name, OLD.caller_last_name, OLD.summary);`;

  await run(`DROP TRIGGER IF EXISTS zc_call_logs_after_insert`);
  await run(`CREATE TRIGGER zc_call_logs_after_insert AFTER INSERT ON call_logs BEGIN
      ${count('NEW', '1')} ${bumpVersion('NEW')} ${addSuffixes} ${ftsInsert} END`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_after_update`);
  await run(`CREATE TRIGGER zc_call_logs_after_update AFTER UPDATE ON call_logs BEGIN
      ${count('OLD', '-1')} ${count('NEW', '1')}
      DELETE FROM call_log_phone_suffixes WHERE call_log_id = OLD.id; ${addSuffixes}
      ${bumpVersion('OLD')} ${bumpVersion('NEW')} ${ftsDelete} ${ftsInsert} END`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_after_delete`);
  await run(`CREATE TRIGGER zc_call_logs_after_delete AFTER DELETE ON call_logs BEGIN
      ${count('OLD', '-1')} ${bumpVersion('OLD')} DELETE FROM call_log_phone_suffixes WHERE call_log_id = OLD.id; ${ftsDelete} END`);

  await rebuildDerived(db, 'sqlite');
}

/** `call_log_phone_suffixes`, empty (migration 017 drops it, and its `down` brings it back with this). */
export async function createPhoneSuffixTable(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  if (dialectOf(db) === 'mysql') {
    await run(`CREATE TABLE IF NOT EXISTS call_log_phone_suffixes (
        clinic_id int(11) NOT NULL, suffix varchar(30) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, call_log_id int(11) NOT NULL,
        PRIMARY KEY (clinic_id, suffix, call_log_id), KEY zc_phone_suffixes_call_log (call_log_id)) ${MYSQL_TABLE_OPTIONS}`);
  } else {
    await run(`CREATE TABLE IF NOT EXISTS call_log_phone_suffixes (
        clinic_id integer NOT NULL, suffix text NOT NULL, call_log_id integer NOT NULL,
        PRIMARY KEY (clinic_id, suffix, call_log_id)) WITHOUT ROWID`);
    await run(`CREATE INDEX IF NOT EXISTS zc_phone_suffixes_call_log ON call_log_phone_suffixes (call_log_id)`);
  }
}

/**
 * Recomputes the derived tables from `call_logs`: at migration time (rows written before the
 * triggers existed), and by `npm run cli -- reconcile` after a bulk load that bypassed the triggers.
 */
export async function rebuildDerived(db: Kysely<any>, dialect: 'mysql' | 'sqlite'): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  await run(`DELETE FROM call_log_counters`);
  await run(
    `INSERT INTO call_log_counters (clinic_id, status, total) SELECT clinic_id, status, COUNT(*) FROM call_logs GROUP BY clinic_id, status`,
  );
  // Versions only ever move forward: a page cached before the rebuild must not look current after it.
  await run(`UPDATE call_log_versions SET version = version + 1`);
  await run(`INSERT INTO call_log_versions (clinic_id, version)
      SELECT id, 1 FROM clinics WHERE id NOT IN (SELECT clinic_id FROM call_log_versions)`);
  await run(`DELETE FROM call_log_phone_suffixes`);
  if (dialect === 'mysql') {
    await run(`INSERT INTO call_log_phone_suffixes (clinic_id, suffix, call_log_id)
      SELECT c.clinic_id, SUBSTRING(c.digits, p.n), c.id
      FROM (SELECT id, clinic_id, REGEXP_REPLACE(caller_phone_number, '[^0-9]', '') AS digits FROM call_logs) c
      JOIN zc_positions p ON p.n <= CHAR_LENGTH(c.digits) - 2`);
  } else {
    const digits = `replace(replace(replace(replace(replace(replace(caller_phone_number, '+', ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', '')`;
    await run(`INSERT INTO call_log_phone_suffixes (clinic_id, suffix, call_log_id)
      SELECT c.clinic_id, substr(c.digits, p.n), c.id
      FROM (SELECT id, clinic_id, ${digits} AS digits FROM call_logs) c
      JOIN zc_positions p ON p.n <= length(c.digits) - 2
      WHERE c.digits NOT GLOB '*[^0-9]*'`);
    await run(`INSERT INTO call_logs_fts (call_logs_fts) VALUES ('rebuild')`);
  }
}

export async function down(): Promise<void> {
  // Derived data only; dropping it is never needed to roll back a release.
}
