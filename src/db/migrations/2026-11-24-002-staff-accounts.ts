import { sql, type Kysely } from 'kysely';
import { dialectOf, withTableOptions } from '../dialect.js';

/** Zenicall's own tables: staff accounts, their clinics, and the history of what staff edited. */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = dialectOf(db) === 'mysql';
  const tableOptions = withTableOptions(db);

  await tableOptions(
    db.schema
      .createTable('users')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('email', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
      .addColumn('full_name', 'varchar(255)')
      .addColumn('role', 'varchar(16)', (c) => c.notNull().check(sql`role IN ('admin', 'staff')`))
      .addColumn('created_at', 'datetime', (c) => c.notNull())
      .addColumn('updated_at', 'datetime', (c) => c.notNull()),
  ).execute();

  await tableOptions(
    db.schema
      .createTable('clinic_memberships')
      .ifNotExists()
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('clinic_id', 'integer', (c) => c.notNull().references('clinics.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('pk_clinic_memberships', ['user_id', 'clinic_id']),
  ).execute();
  await db.schema.createIndex('ix_clinic_memberships_clinic_id').ifNotExists().on('clinic_memberships').column('clinic_id').execute();

  await tableOptions(
    db.schema
      .createTable('call_log_edits')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('call_log_id', 'integer', (c) => c.notNull().references('call_logs.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('field', 'varchar(64)', (c) => c.notNull())
      // JSON of a TEXT value (up to 65,535 bytes) plus quotes and escapes: more than MariaDB's TEXT holds.
      .addColumn('old_value', mysql ? sql`mediumtext` : 'text')
      .addColumn('new_value', mysql ? sql`mediumtext` : 'text')
      .addColumn('edited_at', 'datetime', (c) => c.notNull()),
  ).execute();
  await db.schema
    .createIndex('ix_call_log_edits_call_log_id')
    .ifNotExists()
    .on('call_log_edits')
    .columns(['call_log_id', 'field'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('call_log_edits').ifExists().execute();
  await db.schema.dropTable('clinic_memberships').ifExists().execute();
  await db.schema.dropTable('users').ifExists().execute();
}
