import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as seedTables from './migrations/2026-11-24-001-seed-tables.js';
import * as staffAccounts from './migrations/2026-11-24-002-staff-accounts.js';
import * as webhookIngestion from './migrations/2026-11-24-003-webhook-ingestion.js';
import * as listAndSearchSpeed from './migrations/2026-11-24-004-list-and-search-speed.js';
import * as onePhoneDigitRule from './migrations/2026-12-04-005-one-phone-digit-rule.js';
import * as sessions from './migrations/2026-12-04-006-sessions.js';
import * as activityTrailAndClinicSettings from './migrations/2026-12-04-007-activity-trail-and-clinic-settings.js';
import * as webhookDeliveryKey from './migrations/2026-12-04-008-webhook-delivery-key.js';
import * as inboxWarningsAndBackoff from './migrations/2026-12-04-009-inbox-warnings-and-backoff.js';
import * as workQueue from './migrations/2026-12-04-010-work-queue.js';
import * as callLogNotes from './migrations/2026-12-04-011-call-log-notes.js';
import * as clinicWordIndex from './migrations/2026-12-04-013-clinic-word-index.js';
import * as stripedClinicVersions from './migrations/2026-12-04-014-striped-clinic-versions.js';
import * as cheaperWordIndexUpkeep from './migrations/2026-12-04-015-cheaper-word-index-upkeep.js';
import * as callerCounts from './migrations/2026-12-04-016-caller-counts.js';
import * as lighterIngestion from './migrations/2026-12-05-017-lighter-ingestion.js';
import * as newCallHandoff from './migrations/2026-12-05-018-new-call-handoff.js';

/** Listed explicitly: the order is part of the schema's history, and bundlers see every file. */
const migrations: Record<string, Migration> = {
  '2026-11-24-001-seed-tables': seedTables,
  '2026-11-24-002-staff-accounts': staffAccounts,
  '2026-11-24-003-webhook-ingestion': webhookIngestion,
  '2026-11-24-004-list-and-search-speed': listAndSearchSpeed,
  '2026-12-04-005-one-phone-digit-rule': onePhoneDigitRule,
  '2026-12-04-006-sessions': sessions,
  '2026-12-04-007-activity-trail-and-clinic-settings': activityTrailAndClinicSettings,
  '2026-12-04-008-webhook-delivery-key': webhookDeliveryKey,
  '2026-12-04-009-inbox-warnings-and-backoff': inboxWarningsAndBackoff,
  '2026-12-04-010-work-queue': workQueue,
  '2026-12-04-011-call-log-notes': callLogNotes,
  '2026-12-04-013-clinic-word-index': clinicWordIndex,
  '2026-12-04-014-striped-clinic-versions': stripedClinicVersions,
  '2026-12-04-015-cheaper-word-index-upkeep': cheaperWordIndexUpkeep,
  '2026-12-04-016-caller-counts': callerCounts,
  '2026-12-05-017-lighter-ingestion': lighterIngestion,
  '2026-12-05-018-new-call-handoff': newCallHandoff,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'zenicall_migrations',
    migrationLockTableName: 'zenicall_migrations_lock',
    // Features are built side by side and their migrations touch separate tables, so a database that
    // already ran a later-numbered migration still takes an earlier one it has not seen.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
