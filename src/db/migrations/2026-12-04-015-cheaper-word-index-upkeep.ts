import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import {
  MYSQL_SOME_RUN,
  mysqlDigitKey,
  mysqlDigitsBefore,
  mysqlPhoneDigitsOf,
  mysqlPhoneRunKey,
  mysqlPhoneRunsOf,
  mysqlWordKey,
  mysqlWordsOf,
} from '../word-index/mysql-keys.js';

/**
 * The word index's MariaDB triggers (migration 013) write and remove the same keys with plain
 * statements: one per kind of key (words with their prefixes, phone runs, digit suffixes), each
 * straight from JSON_TABLE into `call_log_words`. Migration 013 gathered the keys in a derived table
 * of UNIONs first, which MariaDB materialises in a temporary table on every call: most of the cost of
 * an ingested report (measured per call under load: the keys' insert 8.8 ms with the derived table,
 * 3.5 ms without). INSERT IGNORE already drops a repeated key, which is all the UNION did. The keys
 * are byte for byte the same (src/db/word-index/mysql-keys.ts holds their one spelling).
 *
 * The removal joins each kind of OLD's keys straight to the index's primary key (clinic, word, start,
 * call), in that order (STRAIGHT_JOIN: in a small clinic the optimiser would otherwise scan the
 * clinic's range). A secondary index by call would let it delete without computing the keys, but every
 * ingested call would then write its ~50 keys twice; edits of a searched column and deletes are rare.
 *
 * SQLite is unchanged: its triggers compute the keys once per row in JavaScript (`zc_search_keys`).
 */

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'mysql') await createMysqlWordTriggers(db);
}

const columns = 'clinic_id, word, call_started_at, call_log_id';

const mysqlAddWords = `INSERT IGNORE INTO call_log_words (${columns})
    SELECT NEW.clinic_id, ${mysqlWordKey}, NEW.call_started_at, NEW.id FROM ${mysqlWordsOf('NEW')} WHERE ${MYSQL_SOME_RUN};
  INSERT IGNORE INTO call_log_words (${columns})
    SELECT NEW.clinic_id, ${mysqlPhoneRunKey}, NEW.call_started_at, NEW.id FROM ${mysqlPhoneRunsOf('NEW')} WHERE ${MYSQL_SOME_RUN};
  INSERT IGNORE INTO call_log_words (${columns}, digits_before)
    SELECT NEW.clinic_id, ${mysqlDigitKey}, NEW.call_started_at, NEW.id, ${mysqlDigitsBefore} FROM ${mysqlPhoneDigitsOf('NEW')};`;

const oldRowOf = (key: string) =>
  `STRAIGHT_JOIN call_log_words w ON w.clinic_id = OLD.clinic_id AND w.word = ${key}
      AND w.call_started_at = OLD.call_started_at AND w.call_log_id = OLD.id`;
const mysqlRemoveWords = `DELETE w FROM ${mysqlWordsOf('OLD')} ${oldRowOf(mysqlWordKey)} WHERE ${MYSQL_SOME_RUN};
  DELETE w FROM ${mysqlPhoneRunsOf('OLD')} ${oldRowOf(mysqlPhoneRunKey)} WHERE ${MYSQL_SOME_RUN};
  DELETE w FROM ${mysqlPhoneDigitsOf('OLD')} ${oldRowOf(mysqlDigitKey)};`;

/**
 * As migration 013: the keys move only with a searched column, the clinic or the start. Each trigger
 * is replaced in one statement, so another program writing calls meanwhile never finds none.
 */
export async function createMysqlWordTriggers(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  const searched = ['caller_first_name', 'caller_last_name', 'summary', 'caller_phone_number', 'clinic_id', 'call_started_at'];
  const unchanged = searched.map((column) => `(OLD.${column} <=> NEW.${column})`).join(' AND ');
  await run(`CREATE OR REPLACE TRIGGER zc_call_logs_words_after_insert AFTER INSERT ON call_logs FOR EACH ROW BEGIN ${mysqlAddWords} END`);
  await run(`CREATE OR REPLACE TRIGGER zc_call_logs_words_after_update AFTER UPDATE ON call_logs FOR EACH ROW BEGIN
      IF NOT (${unchanged}) THEN ${mysqlRemoveWords} ${mysqlAddWords} END IF; END`);
  await run(
    `CREATE OR REPLACE TRIGGER zc_call_logs_words_after_delete AFTER DELETE ON call_logs FOR EACH ROW BEGIN ${mysqlRemoveWords} END`,
  );
}

export async function down(): Promise<void> {
  // The same keys as migration 013's triggers: nothing to undo to roll back a release.
}
