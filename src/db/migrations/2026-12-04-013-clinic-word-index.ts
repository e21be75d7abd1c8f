import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import {
  MYSQL_SOME_RUN,
  mysqlDigitKey,
  mysqlDigitsBefore,
  mysqlDigitsOf,
  mysqlPhoneDigitsOf,
  mysqlPhoneRunKey,
  mysqlPhoneRunsOf,
  mysqlWordKey,
  mysqlWordsOf,
} from '../word-index/mysql-keys.js';

/**
 * Search that stays fast in a large clinic, and cached pages that survive writes which do not touch them.
 *
 * - `call_log_words`: a clinic-scoped word index, one row per (clinic, key, call start, call), kept by
 *   triggers; its keys are in src/db/word-index/keys.ts (every word of the names and summary, the 2-
 *   and 3-character prefixes of longer words, the phone's runs of letters and digits). A term is one
 *   key or one range of keys, so a search reads one index range per term, newest first, and counts
 *   inside the index, whatever the other clinics hold. It replaces the full-text indexes of migration
 *   004 (MariaDB FULLTEXT, SQLite FTS5), which could not be limited to one clinic.
 * - `call_log_changes`: what each version of a clinic's calls changed (a ring of the last
 *   `CHANGE_RING` versions per clinic: which call, and whether its status, searched text, reason,
 *   start or other listed columns moved). The page cache reads it to keep a page whose calls and
 *   filters a write did not touch (src/modules/call-logs/page-cache.ts).
 *
 * The triggers of migrations 004/005 are recreated with the change ring (and, on SQLite, without the
 * FTS5 upkeep that every update paid). Word keys are only rewritten when a searched column, the
 * clinic or the start changes: a status change costs nothing here.
 *
 * SQLite computes keys with `zc_search_keys`, a function Zenicall registers on its connection
 * (src/db/create-db.ts): Zenicall is the only program that writes its embedded file. On MariaDB the
 * triggers compute them in SQL, so another program's writes keep the index exact.
 */

export const CHANGE_RING = 256;

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'mysql') await upMysql(db);
  else await upSqlite(db);
}

// ---------------------------------------------------------------------------------------------- MariaDB

// The keys' SQL is shared with migration 015 and the rebuild (src/db/word-index/mysql-keys.ts).
const mysqlKeysOf = (row: 'NEW' | 'OLD') => `(
    SELECT ${mysqlWordKey} AS k FROM ${mysqlWordsOf(row)} WHERE ${MYSQL_SOME_RUN}
    UNION SELECT ${mysqlPhoneRunKey} FROM ${mysqlPhoneRunsOf(row)} WHERE ${MYSQL_SOME_RUN}
    UNION SELECT ${mysqlDigitKey} FROM ${mysqlPhoneDigitsOf(row)})`;

const mysqlAddWords = `INSERT IGNORE INTO call_log_words (clinic_id, word, call_started_at, call_log_id)
    SELECT NEW.clinic_id, k.k, NEW.call_started_at, NEW.id FROM (
      SELECT ${mysqlWordKey} AS k FROM ${mysqlWordsOf('NEW')} WHERE ${MYSQL_SOME_RUN}
      UNION SELECT ${mysqlPhoneRunKey} FROM ${mysqlPhoneRunsOf('NEW')} WHERE ${MYSQL_SOME_RUN}) k;
  INSERT IGNORE INTO call_log_words (clinic_id, word, call_started_at, call_log_id, digits_before)
    SELECT NEW.clinic_id, ${mysqlDigitKey}, NEW.call_started_at, NEW.id, ${mysqlDigitsBefore} FROM ${mysqlPhoneDigitsOf('NEW')};`;
const mysqlRemoveWords = `DELETE w FROM call_log_words w JOIN ${mysqlKeysOf('OLD')} k ON w.word = k.k
    WHERE w.clinic_id = OLD.clinic_id AND w.call_started_at = OLD.call_started_at AND w.call_log_id = OLD.id;`;

/** Binary comparisons: "cote" → "Côté" is a change the list shows, though the collation calls them equal. */
const same = (column: string, binary = false) =>
  binary ? `(BINARY OLD.${column} <=> BINARY NEW.${column})` : `(OLD.${column} <=> NEW.${column})`;

/**
 * What an update changed, for the page cache: s status, t searched text (names, phone, summary),
 * r reason, o start (the order), l another listed column. Empty: nothing a list shows.
 */
export const mysqlWhatChanged = `CONCAT(
    IF(${same('status')}, '', 's'),
    IF(${['caller_first_name', 'caller_last_name', 'caller_phone_number', 'summary'].map((c) => same(c, true)).join(' AND ')}, '', 't'),
    IF(${same('reason_for_call')}, '', 'r'),
    IF(${same('call_started_at')}, '', 'o'),
    IF(${same('external_call_id', true)} AND ${same('is_existing_patient')} AND ${same('callback_preference')}, '', 'l'))`;

async function upMysql(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
  await run(`CREATE TABLE IF NOT EXISTS call_log_words (
      clinic_id int(11) NOT NULL, word varbinary(3000) NOT NULL, call_started_at datetime NOT NULL, call_log_id int(11) NOT NULL,
      digits_before varchar(30) CHARACTER SET ascii COLLATE ascii_bin DEFAULT NULL,
      PRIMARY KEY (clinic_id, word, call_started_at, call_log_id)) ${table}`);
  await run(`CREATE TABLE IF NOT EXISTS call_log_changes (
      clinic_id int(11) NOT NULL, slot smallint NOT NULL, version bigint NOT NULL, call_log_id int(11) NOT NULL,
      what varchar(8) NOT NULL, old_status varchar(16) DEFAULT NULL, new_status varchar(16) DEFAULT NULL,
      PRIMARY KEY (clinic_id, slot)) ${table}`);

  // Migration 004's triggers, unchanged but for the change ring (`change`).
  const declareDigits = `DECLARE digits varchar(64) DEFAULT REGEXP_REPLACE(NEW.caller_phone_number, '[^0-9]', '');`;
  const addSuffixes = `INSERT INTO call_log_phone_suffixes (clinic_id, suffix, call_log_id)
      SELECT NEW.clinic_id, SUBSTRING(digits, n), NEW.id FROM zc_positions WHERE n <= CHAR_LENGTH(digits) - 2;`;
  const bumpVersion = (row: 'NEW' | 'OLD') =>
    `INSERT INTO call_log_versions (clinic_id, version) VALUES (${row}.clinic_id, 1) ON DUPLICATE KEY UPDATE version = version + 1;`;
  const count = (row: 'NEW' | 'OLD', delta: string) =>
    `INSERT INTO call_log_counters (clinic_id, status, total) VALUES (${row}.clinic_id, ${row}.status, ${delta}) ON DUPLICATE KEY UPDATE total = total + ${delta};`;
  // Right after the version moved, under its row lock: the slot of that version says what it changed.
  const change = (row: 'NEW' | 'OLD', what: string, oldStatus: string, newStatus: string) =>
    `INSERT INTO call_log_changes (clinic_id, slot, version, call_log_id, what, old_status, new_status)
      SELECT v.clinic_id, v.version % ${CHANGE_RING}, v.version, ${row}.id, ${what}, ${oldStatus}, ${newStatus}
      FROM call_log_versions v WHERE v.clinic_id = ${row}.clinic_id
      ON DUPLICATE KEY UPDATE version = VALUES(version), call_log_id = VALUES(call_log_id), what = VALUES(what),
        old_status = VALUES(old_status), new_status = VALUES(new_status);`;

  await run(`DROP TRIGGER IF EXISTS zc_call_logs_after_insert`);
  await run(`CREATE TRIGGER zc_call_logs_after_insert AFTER INSERT ON call_logs FOR EACH ROW BEGIN
      ${declareDigits} ${count('NEW', '1')} ${bumpVersion('NEW')} ${change('NEW', `'i'`, 'NULL', 'NEW.status')} ${addSuffixes} END`);
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
      IF NOT (OLD.clinic_id <=> NEW.clinic_id) THEN
        ${change('NEW', `'i'`, 'NULL', 'NEW.status')} ${bumpVersion('OLD')} ${change('OLD', `'d'`, 'OLD.status', 'NULL')}
      ELSE
        ${change('NEW', mysqlWhatChanged, 'OLD.status', 'NEW.status')}
      END IF;
    END`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_after_delete`);
  await run(`CREATE TRIGGER zc_call_logs_after_delete AFTER DELETE ON call_logs FOR EACH ROW BEGIN
      ${count('OLD', '-1')} ${bumpVersion('OLD')} ${change('OLD', `'d'`, 'OLD.status', 'NULL')}
      DELETE FROM call_log_phone_suffixes WHERE call_log_id = OLD.id; END`);

  await createWordIndexTriggers(db);
  await run(`DROP INDEX IF EXISTS zc_call_logs_search ON call_logs`);
  await rebuildWords(db);
}

// ---------------------------------------------------------------------------------------------- SQLite

const sqliteKeysOf = (row: string) =>
  `json_each(zc_search_keys(${row}.caller_first_name, ${row}.caller_last_name, ${row}.summary, ${row}.caller_phone_number))`;

/** A phone's digits in SQLite, character by character over `zc_positions` (as migration 005). */
const sqliteDigits = (phone: string) =>
  `(SELECT group_concat(c, '') FROM (SELECT substr(${phone}, n, 1) AS c FROM zc_positions WHERE n <= length(${phone}) ORDER BY n)
      WHERE c GLOB '[0-9]')`;

/** As on MariaDB: the digit suffixes, marked U+0002, with the digits before each. */
const sqlitePhoneDigits = (row: string) =>
  `(SELECT ${sqliteDigits(`${row}.caller_phone_number`)} AS d) x JOIN zc_positions p ON p.n <= length(x.d) - 2`;
const sqliteDigitKey = `char(2) || substr(x.d, p.n)`;

const differs = (column: string) => `OLD.${column} IS NOT NEW.${column}`;
export const sqliteWhatChanged = `(
    CASE WHEN ${differs('status')} THEN 's' ELSE '' END ||
    CASE WHEN ${['caller_first_name', 'caller_last_name', 'caller_phone_number', 'summary'].map(differs).join(' OR ')} THEN 't' ELSE '' END ||
    CASE WHEN ${differs('reason_for_call')} THEN 'r' ELSE '' END ||
    CASE WHEN ${differs('call_started_at')} THEN 'o' ELSE '' END ||
    CASE WHEN ${['external_call_id', 'is_existing_patient', 'callback_preference'].map(differs).join(' OR ')} THEN 'l' ELSE '' END)`;

async function upSqlite(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  await run(`CREATE TABLE IF NOT EXISTS call_log_words (
      clinic_id integer NOT NULL, word text NOT NULL, call_started_at datetime NOT NULL, call_log_id integer NOT NULL,
      digits_before text, PRIMARY KEY (clinic_id, word, call_started_at, call_log_id)) WITHOUT ROWID`);
  await run(`CREATE TABLE IF NOT EXISTS call_log_changes (
      clinic_id integer NOT NULL, slot integer NOT NULL, version integer NOT NULL, call_log_id integer NOT NULL,
      what text NOT NULL, old_status text, new_status text, PRIMARY KEY (clinic_id, slot)) WITHOUT ROWID`);

  // Migration 005's triggers without the FTS5 upkeep, with the change ring.
  const addSuffixes = (when = '') => `INSERT INTO call_log_phone_suffixes (clinic_id, suffix, call_log_id)
      SELECT NEW.clinic_id, substr(d.digits, p.n), NEW.id FROM (SELECT ${sqliteDigits('NEW.caller_phone_number')} AS digits) d
      JOIN zc_positions p ON p.n <= length(d.digits) - 2 ${when};`;
  const phoneMoved = `(${differs('caller_phone_number')} OR ${differs('clinic_id')})`;
  const statusMoved = `(${differs('status')} OR ${differs('clinic_id')})`;
  const bumpVersion = (row: 'NEW' | 'OLD', when = 'true') =>
    `INSERT INTO call_log_versions (clinic_id, version) SELECT ${row}.clinic_id, 1 WHERE ${when}
      ON CONFLICT (clinic_id) DO UPDATE SET version = version + 1;`;
  const count = (row: 'NEW' | 'OLD', delta: string, when = 'true') =>
    `INSERT INTO call_log_counters (clinic_id, status, total) SELECT ${row}.clinic_id, ${row}.status, ${delta} WHERE ${when}
      ON CONFLICT (clinic_id, status) DO UPDATE SET total = total + ${delta};`;
  const change = (row: 'NEW' | 'OLD', what: string, oldStatus: string, newStatus: string, when = 'true') =>
    `INSERT INTO call_log_changes (clinic_id, slot, version, call_log_id, what, old_status, new_status)
      SELECT v.clinic_id, v.version % ${CHANGE_RING}, v.version, ${row}.id, ${what}, ${oldStatus}, ${newStatus}
      FROM call_log_versions v WHERE v.clinic_id = ${row}.clinic_id AND ${when}
      ON CONFLICT (clinic_id, slot) DO UPDATE SET version = excluded.version, call_log_id = excluded.call_log_id,
        what = excluded.what, old_status = excluded.old_status, new_status = excluded.new_status;`;
  const clinicMoved = differs('clinic_id');

  await run(`DROP TRIGGER IF EXISTS zc_call_logs_after_insert`);
  await run(`CREATE TRIGGER zc_call_logs_after_insert AFTER INSERT ON call_logs BEGIN
      ${count('NEW', '1')} ${bumpVersion('NEW')} ${change('NEW', `'i'`, 'NULL', 'NEW.status')} ${addSuffixes()} END`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_after_update`);
  await run(`CREATE TRIGGER zc_call_logs_after_update AFTER UPDATE ON call_logs BEGIN
      ${count('OLD', '-1', statusMoved)} ${count('NEW', '1', statusMoved)}
      DELETE FROM call_log_phone_suffixes WHERE call_log_id = OLD.id AND ${phoneMoved}; ${addSuffixes(`WHERE ${phoneMoved}`)}
      ${bumpVersion('NEW')}
      ${change('NEW', `'i'`, 'NULL', 'NEW.status', clinicMoved)}
      ${change('NEW', sqliteWhatChanged, 'OLD.status', 'NEW.status', `NOT (${clinicMoved})`)}
      ${bumpVersion('OLD', clinicMoved)} ${change('OLD', `'d'`, 'OLD.status', 'NULL', clinicMoved)} END`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_after_delete`);
  await run(`CREATE TRIGGER zc_call_logs_after_delete AFTER DELETE ON call_logs BEGIN
      ${count('OLD', '-1')} ${bumpVersion('OLD')} ${change('OLD', `'d'`, 'OLD.status', 'NULL')}
      DELETE FROM call_log_phone_suffixes WHERE call_log_id = OLD.id; END`);

  await createWordIndexTriggers(db);
  // `call_logs_fts` itself stays, unread and no longer kept.
  await rebuildWords(db);
}

/** The word index's own triggers: its keys move only with a searched column, the clinic or the start. */
export async function createWordIndexTriggers(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'mysql') await createMysqlWordTriggers(db);
  else await createSqliteWordTriggers(db);
}

async function createMysqlWordTriggers(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  // The word index's own triggers: its keys move only with a searched column, the clinic or the start.
  const searched = ['caller_first_name', 'caller_last_name', 'summary', 'caller_phone_number', 'clinic_id', 'call_started_at'];
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_words_after_insert`);
  await run(`CREATE TRIGGER zc_call_logs_words_after_insert AFTER INSERT ON call_logs FOR EACH ROW BEGIN ${mysqlAddWords} END`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_words_after_update`);
  await run(`CREATE TRIGGER zc_call_logs_words_after_update AFTER UPDATE ON call_logs FOR EACH ROW BEGIN
      IF NOT (${searched.map((column) => same(column)).join(' AND ')}) THEN ${mysqlRemoveWords} ${mysqlAddWords} END IF; END`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_words_after_delete`);
  await run(`CREATE TRIGGER zc_call_logs_words_after_delete AFTER DELETE ON call_logs FOR EACH ROW ${mysqlRemoveWords}`);
}

async function createSqliteWordTriggers(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  const addWords = `INSERT OR IGNORE INTO call_log_words (clinic_id, word, call_started_at, call_log_id)
      SELECT NEW.clinic_id, k.value, NEW.call_started_at, NEW.id FROM ${sqliteKeysOf('NEW')} k;
    INSERT OR IGNORE INTO call_log_words (clinic_id, word, call_started_at, call_log_id, digits_before)
      SELECT NEW.clinic_id, ${sqliteDigitKey}, NEW.call_started_at, NEW.id, substr(x.d, 1, p.n - 1) FROM ${sqlitePhoneDigits('NEW')};`;
  const removeWords = `DELETE FROM call_log_words WHERE clinic_id = OLD.clinic_id AND call_started_at = OLD.call_started_at
      AND call_log_id = OLD.id AND word IN (SELECT k.value FROM ${sqliteKeysOf('OLD')} k
        UNION ALL SELECT ${sqliteDigitKey} FROM ${sqlitePhoneDigits('OLD')});`;
  const searched = ['caller_first_name', 'caller_last_name', 'summary', 'caller_phone_number', 'clinic_id', 'call_started_at'];
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_words_after_insert`);
  await run(`CREATE TRIGGER zc_call_logs_words_after_insert AFTER INSERT ON call_logs BEGIN ${addWords} END`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_words_after_update`);
  await run(`CREATE TRIGGER zc_call_logs_words_after_update AFTER UPDATE OF ${searched.join(', ')} ON call_logs
      WHEN ${searched.map(differs).join(' OR ')} BEGIN ${removeWords} ${addWords} END`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_words_after_delete`);
  await run(`CREATE TRIGGER zc_call_logs_words_after_delete AFTER DELETE ON call_logs BEGIN ${removeWords} END`);
}

// ---------------------------------------------------------------------------------------------- rebuild

/** Every call's keys again (idempotent): at migration time, and by `reconcile` after a bulk load. */
export async function rebuildWords(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  if (dialectOf(db) === 'sqlite') {
    await run(`DELETE FROM call_log_words`);
    await run(`INSERT OR IGNORE INTO call_log_words (clinic_id, word, call_started_at, call_log_id)
      SELECT c.clinic_id, k.value, c.call_started_at, c.id FROM call_logs c, ${sqliteKeysOf('c')} k`);
    await run(`INSERT OR IGNORE INTO call_log_words (clinic_id, word, call_started_at, call_log_id, digits_before)
      SELECT c.clinic_id, ${sqliteDigitKey}, c.call_started_at, c.id, substr(x.d, 1, p.n - 1)
      FROM call_logs c JOIN (SELECT id, ${sqliteDigits('caller_phone_number')} AS d FROM call_logs) x ON x.id = c.id
      JOIN zc_positions p ON p.n <= length(x.d) - 2`);
    return;
  }
  // Clinic by clinic, each in the index's own order: the B-tree is filled page after page instead of
  // at random places (a million calls make tens of millions of keys).
  await run(`TRUNCATE TABLE call_log_words`);
  const { rows } = await sql<{ clinic_id: number }>`SELECT DISTINCT clinic_id FROM call_logs`.execute(db);
  const ordered = 'ORDER BY 1, 2, 3, 4';
  for (const { clinic_id: clinicId } of rows) {
    const clinic = `c.clinic_id = ${Number(clinicId)}`;
    await run(`INSERT IGNORE INTO call_log_words (clinic_id, word, call_started_at, call_log_id)
      SELECT c.clinic_id, ${mysqlWordKey}, c.call_started_at, c.id
      FROM call_logs c CROSS JOIN ${mysqlWordsOf('c')} WHERE ${clinic} AND ${MYSQL_SOME_RUN} ${ordered}`);
    await run(`INSERT IGNORE INTO call_log_words (clinic_id, word, call_started_at, call_log_id)
      SELECT c.clinic_id, ${mysqlPhoneRunKey}, c.call_started_at, c.id
      FROM call_logs c CROSS JOIN ${mysqlPhoneRunsOf('c')} WHERE ${clinic} AND ${MYSQL_SOME_RUN} ${ordered}`);
    await rebuildPhoneDigitKeys(db, Number(clinicId));
  }
}

/** One clinic's digit-suffix keys (MariaDB), in the index's order. */
export async function rebuildPhoneDigitKeys(db: Kysely<any>, clinicId: number): Promise<void> {
  await sql
    .raw(
      `INSERT IGNORE INTO call_log_words (clinic_id, word, call_started_at, call_log_id, digits_before)
      SELECT c.clinic_id, ${mysqlDigitKey}, c.call_started_at, c.id, ${mysqlDigitsBefore}
      FROM call_logs c JOIN (SELECT id, ${mysqlDigitsOf('caller_phone_number')} AS d FROM call_logs WHERE clinic_id = ${clinicId}) x
        ON x.id = c.id JOIN zc_positions p ON p.n <= CHAR_LENGTH(x.d) - 2
      WHERE c.clinic_id = ${clinicId} ORDER BY 1, 2, 3, 4`,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  // Derived data only; dropping it is never needed to roll back a release.
}
