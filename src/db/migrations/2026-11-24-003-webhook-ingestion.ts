import { sql, type Kysely } from 'kysely';
import { dialectOf, withTableOptions } from '../dialect.js';

/**
 * Ingestion of voice-provider webhooks: which clinic a provider's identifiers belong to, and the
 * inbox where every authenticated delivery is kept before (and after) it becomes a call log.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = dialectOf(db) === 'mysql';
  const tableOptions = withTableOptions(db);

  await tableOptions(
    db.schema
      .createTable('clinic_routes')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('clinic_id', 'integer', (c) => c.notNull().references('clinics.id').onDelete('cascade'))
      .addColumn('type', 'varchar(32)', (c) => c.notNull().check(sql`type IN ('clinic_key', 'phone_number_id', 'assistant_id')`))
      // utf8mb4_bin: provider identifiers are compared exactly, case included.
      .addColumn('value', mysql ? sql`varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin` : 'varchar(255)', (c) => c.notNull())
      .addColumn('created_at', 'datetime', (c) => c.notNull())
      .addUniqueConstraint('uq_clinic_routes_type_value', ['type', 'value']),
  ).execute();
  await db.schema.createIndex('ix_clinic_routes_clinic_id').ifNotExists().on('clinic_routes').column('clinic_id').execute();

  await tableOptions(
    db.schema
      .createTable('webhook_events')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('provider', 'varchar(16)', (c) => c.notNull())
      .addColumn('message_type', 'varchar(64)')
      .addColumn('external_call_id', 'varchar(255)')
      .addColumn('state', 'varchar(16)', (c) =>
        c.notNull().check(sql`state IN ('received', 'processed', 'unrouted', 'failed', 'rejected')`),
      )
      .addColumn('error', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('call_log_id', 'integer')
      .addColumn('body', mysql ? sql`longtext` : 'text', (c) => c.notNull())
      .addColumn('received_at', 'datetime', (c) => c.notNull())
      .addColumn('processed_at', 'datetime'),
  ).execute();
  await db.schema.createIndex('ix_webhook_events_state').ifNotExists().on('webhook_events').columns(['state', 'id']).execute();
  await db.schema.createIndex('ix_webhook_events_external_call_id').ifNotExists().on('webhook_events').column('external_call_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_events').ifExists().execute();
  await db.schema.dropTable('clinic_routes').ifExists().execute();
}
