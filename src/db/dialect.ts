import { MysqlAdapter, sql, type CreateTableBuilder, type QueryExecutorProvider } from 'kysely';
import type { DialectName } from './create-db.js';

/**
 * Any Kysely instance or transaction, whatever its tables: migrations (`Kysely<any>`) and the app's
 * `Db` both pass.
 */
export type AnyDb = QueryExecutorProvider;

/** Migrations and dialect-specific modules ask the instance itself, so they need no app code. */
export function dialectOf(db: AnyDb): DialectName {
  return db.getExecutor().adapter instanceof MysqlAdapter ? 'mysql' : 'sqlite';
}

/** MariaDB tables like the user's own: InnoDB, utf8mb4 with the accent- and case-insensitive collation. */
export function withTableOptions(db: AnyDb) {
  const mysql = dialectOf(db) === 'mysql';
  return <T extends string, C extends string>(builder: CreateTableBuilder<T, C>) =>
    mysql ? builder.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : builder;
}
