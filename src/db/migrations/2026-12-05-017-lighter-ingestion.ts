import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import { createPhoneSuffixTable } from './2026-11-24-004-list-and-search-speed.js';
import { rebuildPhoneSuffixes } from './2026-12-04-005-one-phone-digit-rule.js';
import { createMysqlTriggers, createSqliteTriggers, VERSION_TRIGGERS } from './2026-12-04-014-striped-clinic-versions.js';
import { createMysqlWordTriggers } from './2026-12-04-015-cheaper-word-index-upkeep.js';

/**
 * What an ingested report costs the database, made smaller (measured on 1M calls, MariaDB, one worker;
 * docs/performance.md has the figures).
 *
 * - The webhook inbox keeps a delivery's body deflated (`body_deflated`, `body` then empty): a Vapi
 *   end-of-call report is 20–30 KB of JSON and about a fifth of that deflated. Sending and storing the
 *   full text was a fifth of what a report cost the server and the database together (345 reports/s
 *   with the text, 424 with no body at all). Rows written before keep their text; webhooks/inbox.ts
 *   reads both.
 * - `call_log_phone_suffixes` goes: every call wrote its 3+-digit suffixes there (with an index by
 *   call) and again into the word index, whose digit keys answer phone searches since migration 013.
 *   The table served one check only, "this call's phone holds these digits", which the call's own
 *   phone answers (search.ts). The `call_logs` triggers of migration 014 are recreated without it.
 * - MariaDB's word-index triggers are recreated: their phone-digit keys no longer come through an
 *   on-disk temporary table (see `mysqlPhoneDigitsOf` in src/db/word-index/mysql-keys.ts). The keys
 *   are byte for byte the same.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = dialectOf(db) === 'mysql';
  await db.schema
    .alterTable('webhook_events')
    .addColumn('body_deflated', mysql ? sql`longblob` : 'blob')
    .execute();
  if (mysql) {
    await createMysqlTriggers(db, { phoneSuffixes: false });
    await createMysqlWordTriggers(db);
  } else {
    for (const trigger of VERSION_TRIGGERS) await sql.raw(`DROP TRIGGER IF EXISTS ${trigger}`).execute(db);
    await createSqliteTriggers(db, { phoneSuffixes: false });
  }
  await db.schema.dropTable('call_log_phone_suffixes').ifExists().execute();
}

/** Back to migration 016's schema, for a release that still reads the suffix table. */
export async function down(db: Kysely<any>): Promise<void> {
  await createPhoneSuffixTable(db);
  if (dialectOf(db) === 'mysql') {
    await createMysqlTriggers(db, { phoneSuffixes: true });
  } else {
    for (const trigger of VERSION_TRIGGERS) await sql.raw(`DROP TRIGGER IF EXISTS ${trigger}`).execute(db);
    await createSqliteTriggers(db, { phoneSuffixes: true });
  }
  await rebuildPhoneSuffixes(db);
  // Bodies written deflated stay in their column: dropping it would lose them (older releases ignore it).
}
