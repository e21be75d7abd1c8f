import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The webhook inbox says what ingestion had to change to store a call (`warnings`: the values it
 * dropped or cut, and why), and when a delivery that failed for a passing reason is tried again
 * (`next_attempt_at`, growing from 30 seconds to an hour; see webhooks/retry-policy.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_events').addColumn('warnings', 'text').execute();
  await db.schema.alterTable('webhook_events').addColumn('next_attempt_at', 'datetime').execute();
  await db.schema.createIndex('ix_webhook_events_due').on('webhook_events').columns(['state', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const dropIndex = db.schema.dropIndex('ix_webhook_events_due');
  await (dialectOf(db) === 'mysql' ? dropIndex.on('webhook_events') : dropIndex).execute();
  await db.schema.alterTable('webhook_events').dropColumn('next_attempt_at').execute();
  await db.schema.alterTable('webhook_events').dropColumn('warnings').execute();
}
