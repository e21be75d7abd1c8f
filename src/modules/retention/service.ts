import type { Kysely } from 'kysely';
import { transactionThenEffects, type EffectLog } from '../../db/after-commit.js';
import type { Database, Db } from '../../db/database.js';
import { toStoredDateTime, toWireDateTime } from '../../shared/datetime.js';
import { appendActivities } from '../activity/repository.js';
import { requireAdmin, type Principal } from '../auth/principal.js';
import { getVisibleClinic } from '../clinics/service.js';
import {
  clearContent,
  clearProcessedDeliveries,
  clinicsWithRetention,
  findClinicSettings,
  lockExpiredContent,
  saveRetentionDays,
} from './repository.js';
import type { RetentionSetting, RetentionUpdate } from './schemas.js';

async function requireAdminAndClinic(db: Db, principal: Principal, clinicId: number) {
  requireAdmin(principal);
  await getVisibleClinic(db, principal, clinicId);
}

export async function getRetention(db: Db, principal: Principal, clinicId: number): Promise<RetentionSetting> {
  await requireAdminAndClinic(db, principal, clinicId);
  const settings = await findClinicSettings(db, clinicId);
  return {
    clinic_id: clinicId,
    retention_days: settings?.retention_days ?? null,
    updated_at: settings ? toWireDateTime(settings.updated_at) : null,
  };
}

export async function setRetention(db: Db, principal: Principal, clinicId: number, update: RetentionUpdate): Promise<RetentionSetting> {
  await requireAdminAndClinic(db, principal, clinicId);
  await saveRetentionDays(db, clinicId, update.retention_days);
  return getRetention(db, principal, clinicId);
}

/**
 * Calls per transaction. Each batch locks only its own rows for a moment (the list and ingestion carry
 * on between batches), and its trail entries go in with it, so a crash never leaves a purged call
 * without its entry.
 */
export const PURGE_BATCH_SIZE = 500;

export interface PurgeReport {
  /** Calls whose content was cleared, per clinic with a retention period. */
  clinics: { clinic_id: number; retention_days: number; purged: number }[];
  purged: number;
}

/** Who the trail names for a purge: no person, the clinic's policy. */
export const RETENTION_ACTOR = 'Zenicall retention';

/**
 * Clears the transcript, the conversation and the recording link of every call older than its clinic's
 * retention period (by when the call started). The call row stays, with its status, caller, reason and
 * summary, and each call purged gets one `retention_purged` entry in its trail naming what was cleared:
 * the trail is per call, so that is where anyone looking at the call finds why its content is gone.
 */
export async function purgeExpiredContent(
  db: Kysely<Database>,
  log: EffectLog,
  options: { now?: Date; batchSize?: number } = {},
): Promise<PurgeReport> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? PURGE_BATCH_SIZE;
  const report: PurgeReport = { clinics: [], purged: 0 };
  for (const { clinic_id, retention_days } of await clinicsWithRetention(db)) {
    const cutoff = toStoredDateTime(new Date(now.getTime() - retention_days * 86_400_000));
    let purged = 0;
    for (;;) {
      const batch = await transactionThenEffects(db, log, async (trx) => {
        const calls = await lockExpiredContent(trx, clinic_id, cutoff, batchSize);
        if (calls.length === 0) return 0;
        const ids = calls.map((call) => call.id);
        await clearContent(trx, ids);
        await clearProcessedDeliveries(
          trx,
          ids,
          JSON.stringify({ purged: 'retention', retention_days, at: toWireDateTime(toStoredDateTime(now)) }),
        );
        await appendActivities(
          trx,
          calls.map((call) => ({
            call_log_id: call.id,
            clinic_id,
            actor_user_id: null,
            actor_name: RETENTION_ACTOR,
            action: 'retention_purged',
            changes: { cleared: call.cleared, retention_days },
          })),
        );
        return calls.length;
      });
      purged += batch;
      if (batch < batchSize) break;
    }
    report.clinics.push({ clinic_id, retention_days, purged });
    report.purged += purged;
  }
  return report;
}
