import type { Kysely } from 'kysely';

/**
 * Each webhook delivery gets a key when it arrives, kept with it in the local spool and in the inbox.
 * A delivery can reach the inbox by two paths (the request's own write, late after a database freeze,
 * and the spool's drainer), or twice by one (a drainer stopped between the insert and the spool's
 * delete): the unique key lets only one of them in. Deliveries from before have none (NULL repeats).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_events').addColumn('delivery_key', 'varchar(64)').execute();
  await db.schema.createIndex('uq_webhook_events_delivery_key').unique().on('webhook_events').column('delivery_key').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('uq_webhook_events_delivery_key').on('webhook_events').execute();
  await db.schema.alterTable('webhook_events').dropColumn('delivery_key').execute();
}
