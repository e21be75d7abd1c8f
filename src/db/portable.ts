import {
  sql,
  type Expression,
  type InsertQueryBuilder,
  type InsertResult,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  type UpdateObject,
} from 'kysely';
import { foldForSearch } from '../shared/text.js';
import { dialectOf, type AnyDb } from './dialect.js';
import { mysqlDigitsOf } from './word-index/mysql-keys.js';

/**
 * SQL that both dialects run but write differently. Code outside `src/db` calls these and never asks
 * which database it runs on.
 */

/**
 * Runs `insert` unless a row with the same value in the unique `keyColumn` exists: the new id when
 * it inserted, null when the row was already there. Concurrent inserts meet at the unique index,
 * never in code. (MariaDB: a no-op ON DUPLICATE KEY UPDATE, with affected rows counting changed
 * rows only, see create-db.ts; SQLite: ON CONFLICT DO NOTHING.)
 */
export async function insertIfAbsent<DB, TB extends keyof DB & string>(
  db: AnyDb,
  insert: InsertQueryBuilder<DB, TB, InsertResult>,
  keyColumn: keyof DB[TB] & string,
): Promise<number | null> {
  const guarded =
    dialectOf(db) === 'mysql'
      ? insert.onDuplicateKeyUpdate({ [keyColumn]: sql.ref(keyColumn) } as UpdateObject<DB, TB, TB>)
      : insert.onConflict((conflict) => conflict.column(keyColumn).doNothing());
  const result = await guarded.executeTakeFirstOrThrow();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? Number(result.insertId) : null;
}

/** The rows `query` reads, locked until the transaction ends (MariaDB; SQLite writes one transaction at a time). */
export function forUpdate<DB, TB extends keyof DB, O>(db: AnyDb, query: SelectQueryBuilder<DB, TB, O>) {
  return dialectOf(db) === 'mysql' ? query.forUpdate() : query;
}

/** `!` escapes LIKE wildcards in both dialects, so no backslash quoting rules come into play. */
const likeContains = (text: string) => `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;

/**
 * `column` contains `text` literally (`%`, `_`, `!` included), case and accents ignored. MariaDB's
 * utf8mb4_unicode_ci collation already ignores both; SQLite folds both sides with `zc_fold`, the
 * function create-db.ts registers (`foldForSearch`).
 */
export function containsFolded(db: AnyDb, column: string, text: string): Expression<SqlBool> {
  return dialectOf(db) === 'mysql'
    ? sql<SqlBool>`${sql.ref(column)} LIKE ${likeContains(text)} ESCAPE '!'`
    : sql<SqlBool>`zc_fold(${sql.ref(column)}) LIKE ${likeContains(foldForSearch(text))} ESCAPE '!'`;
}

/**
 * The digits of a phone column (every character but 0-9 dropped: migration 005's rule), as SQL text.
 * SQLite calls `zc_phone_digits`, the function create-db.ts registers (`phoneDigits`).
 */
export function phoneDigitsOf(db: AnyDb, column: string): RawBuilder<string> {
  return dialectOf(db) === 'mysql' ? sql<string>`${sql.raw(mysqlDigitsOf(column))}` : sql<string>`zc_phone_digits(${sql.ref(column)})`;
}

/**
 * Inserts the row, or updates `updates` on the row that already has its unique `keyColumns` (MariaDB:
 * ON DUPLICATE KEY UPDATE; SQLite: ON CONFLICT … DO UPDATE). One statement, so two writers meet at
 * the key and the last one wins, with no "update, then insert if nothing changed" race.
 */
export async function upsert<DB, TB extends keyof DB & string>(
  db: AnyDb,
  insert: InsertQueryBuilder<DB, TB, InsertResult>,
  keyColumns: (keyof DB[TB] & string)[],
  updates: UpdateObject<DB, TB, TB>,
): Promise<void> {
  const guarded =
    dialectOf(db) === 'mysql'
      ? insert.onDuplicateKeyUpdate(updates)
      : insert.onConflict((conflict) => conflict.columns(keyColumns).doUpdateSet(updates as never));
  await guarded.execute();
}
