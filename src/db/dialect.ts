import { MysqlAdapter, type Kysely } from 'kysely';
import type { DialectName } from './create-db.js';

/** Migrations and dialect-specific modules ask the instance itself, so they need no app code. */
export function dialectOf(db: Kysely<unknown>): DialectName {
  return db.getExecutor().adapter instanceof MysqlAdapter ? 'mysql' : 'sqlite';
}
