import type { Kysely } from 'kysely';

/**
 * Sessions that can be ended: a bearer token carries the user's `token_version` from when it was
 * issued, and raising the number (sign-out, password change or reset, disabling) refuses every
 * token issued before. A disabled account keeps its row, its edits and its memberships.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema
    .alterTable('users')
    .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('disabled_at', 'datetime').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('disabled_at').execute();
  await db.schema.alterTable('users').dropColumn('token_version').execute();
}
