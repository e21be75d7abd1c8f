import { MysqlAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { DialectName } from './create-db.js';

/** Migrations and dialect-specific modules ask the instance itself, so they need no app code. */
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof MysqlAdapter ? 'mysql' : 'sqlite';
}

/** MariaDB tables like the user's own: InnoDB, utf8mb4 with the accent- and case-insensitive collation. */
export function withTableOptions(db: Kysely<any>) {
  const mysql = dialectOf(db) === 'mysql';
  return <T extends string, C extends string>(builder: CreateTableBuilder<T, C>) =>
    mysql ? builder.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : builder;
}
