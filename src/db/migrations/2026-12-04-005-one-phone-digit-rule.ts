import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * One phone-digit rule on both databases: a phone's digits are its characters 0-9, every other
 * character dropped, so "+33 1/40.20-50 60" is found by "014020" on SQLite as on MariaDB.
 * Migration 004's MariaDB triggers already strip every non-digit (REGEXP_REPLACE); its SQLite
 * triggers stripped six characters and skipped a phone holding any other. SQLite's triggers are
 * recreated here with the rule in plain SQL (no function of ours, so another program writing to
 * the file still keeps the suffixes), and the suffix rows rebuilt.
 */

/** A phone's digits in SQLite, character by character over `zc_positions` (1..30, the column's length). */
const sqliteDigits = (phone: string) =>
  `(SELECT group_concat(c, '') FROM (SELECT substr(${phone}, n, 1) AS c FROM zc_positions WHERE n <= length(${phone}) ORDER BY n)
      WHERE c GLOB '[0-9]')`;

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'mysql') return;
  const run = (statement: string) => sql.raw(statement).execute(db);

  // The digits computed once per row, every suffix of 3+ digits from them.
  const addSuffixes = (when = '') => `INSERT INTO call_log_phone_suffixes (clinic_id, suffix, call_log_id)
      SELECT NEW.clinic_id, substr(d.digits, p.n), NEW.id FROM (SELECT ${sqliteDigits('NEW.caller_phone_number')} AS digits) d
      JOIN zc_positions p ON p.n <= length(d.digits) - 2 ${when};`;
  const phoneMoved = '(OLD.caller_phone_number IS NOT NEW.caller_phone_number OR OLD.clinic_id IS NOT NEW.clinic_id)';
  // Unchanged from migration 004:
  const bumpVersion = (row: 'NEW' | 'OLD') =>
    `INSERT INTO call_log_versions (clinic_id, version) VALUES (${row}.clinic_id, 1)
      ON CONFLICT (clinic_id) DO UPDATE SET version = version + 1;`;
  const count = (row: 'NEW' | 'OLD', delta: string) =>
    `INSERT INTO call_log_counters (clinic_id, status, total) VALUES (${row}.clinic_id, ${row}.status, ${delta})
      ON CONFLICT (clinic_id, status) DO UPDATE SET total = total + ${delta};`;
  const ftsInsert = `INSERT INTO call_logs_fts (rowid, caller_first_name, caller_last_name, summary)
      VALUES (NEW.id, NEW.caller_first_name, NEW.caller_last_name, NEW.summary);`;
  const ftsDelete = `INSERT INTO call_logs_fts (call_logs_fts, rowid, caller_first_name, caller_last_name, summary)
      VALUES ('delete', OLD.id, OLD.caller_first_name, OLD.caller_last_name, OLD.summary);`;

  await run(`DROP TRIGGER IF EXISTS zc_call_logs_after_insert`);
  await run(`CREATE TRIGGER zc_call_logs_after_insert AFTER INSERT ON call_logs BEGIN
      ${count('NEW', '1')} ${bumpVersion('NEW')} ${addSuffixes()} ${ftsInsert} END`);
  await run(`DROP TRIGGER IF EXISTS zc_call_logs_after_update`);
  // The suffixes are rewritten only when the phone or the clinic changes (a status change leaves them).
  await run(`CREATE TRIGGER zc_call_logs_after_update AFTER UPDATE ON call_logs BEGIN
      ${count('OLD', '-1')} ${count('NEW', '1')}
      DELETE FROM call_log_phone_suffixes WHERE call_log_id = OLD.id AND ${phoneMoved}; ${addSuffixes(`WHERE ${phoneMoved}`)}
      ${bumpVersion('OLD')} ${bumpVersion('NEW')} ${ftsDelete} ${ftsInsert} END`);

  await rebuildPhoneSuffixes(db);
}

/** Every call's suffix rows again, by the rule above (MariaDB's is the same rule). */
export async function rebuildPhoneSuffixes(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  await run(`DELETE FROM call_log_phone_suffixes`);
  if (dialectOf(db) === 'mysql') {
    await run(`INSERT INTO call_log_phone_suffixes (clinic_id, suffix, call_log_id)
      SELECT c.clinic_id, SUBSTRING(c.digits, p.n), c.id
      FROM (SELECT id, clinic_id, REGEXP_REPLACE(caller_phone_number, '[^0-9]', '') AS digits FROM call_logs) c
      JOIN zc_positions p ON p.n <= CHAR_LENGTH(c.digits) - 2`);
  } else {
    await run(`INSERT INTO call_log_phone_suffixes (clinic_id, suffix, call_log_id)
      SELECT c.clinic_id, substr(c.digits, p.n), c.id
      FROM (SELECT id, clinic_id, ${sqliteDigits('caller_phone_number')} AS digits FROM call_logs) c
      JOIN zc_positions p ON p.n <= length(c.digits) - 2`);
  }
}

export async function down(): Promise<void> {
  // Derived data only; dropping it is never needed to roll back a release.
}
