import type { Db } from '../../db/database.js';
import { forUpdate, upsert } from '../../db/portable.js';
import { nowStored } from '../../shared/datetime.js';

export function findClinicSettings(db: Db, clinicId: number) {
  return db.selectFrom('clinic_settings').select(['retention_days', 'updated_at']).where('clinic_id', '=', clinicId).executeTakeFirst();
}

export async function saveRetentionDays(db: Db, clinicId: number, retentionDays: number | null): Promise<void> {
  const updated_at = nowStored();
  await upsert(
    db,
    db.insertInto('clinic_settings').values({ clinic_id: clinicId, retention_days: retentionDays, updated_at }),
    ['clinic_id'],
    {
      retention_days: retentionDays,
      updated_at,
    },
  );
}

export function clinicsWithRetention(db: Db) {
  return db
    .selectFrom('clinic_settings')
    .select(['clinic_id', 'retention_days'])
    .where('retention_days', 'is not', null)
    .orderBy('clinic_id')
    .execute() as Promise<{ clinic_id: number; retention_days: number }[]>;
}

/** The content a purge clears: what the caller said, in words and in sound. */
export const PURGED_COLUMNS = ['transcript_text', 'full_conversation_json', 'audio_recording_url'] as const;
export type PurgedColumn = (typeof PURGED_COLUMNS)[number];

/**
 * The clinic's oldest calls, started before `cutoff`, that still hold content to purge, locked until the
 * transaction ends: a second purger (the CLI beside the schedule) waits, then finds them cleared.
 * Read along the (clinic_id, call_started_at, id) index, so a batch touches `limit` rows, not the clinic's.
 */
export async function lockExpiredContent(db: Db, clinicId: number, cutoff: string, limit: number) {
  const query = db
    .selectFrom('call_logs')
    .select((eb) => ['id', ...PURGED_COLUMNS.map((column) => eb.case().when(column, 'is not', null).then(1).else(0).end().as(column))])
    .where('clinic_id', '=', clinicId)
    .where('call_started_at', '<', cutoff)
    .where((eb) => eb.or(PURGED_COLUMNS.map((column) => eb(column, 'is not', null))))
    .orderBy('call_started_at')
    .orderBy('id')
    .limit(limit);
  const rows = await forUpdate(db, query).execute();
  return rows.map((row) => ({
    id: row.id,
    cleared: PURGED_COLUMNS.filter((column) => Number(row[column]) === 1),
  }));
}

/** Clears the content of these calls; every other column (status, names, summary, the times) stays. */
export async function clearContent(db: Db, ids: number[]): Promise<void> {
  await db
    .updateTable('call_logs')
    .set({ transcript_text: null, full_conversation_json: null, audio_recording_url: null })
    .where('id', 'in', ids)
    .execute();
}

/**
 * The inbox keeps each processed report's body, a copy of the same transcript, conversation and
 * recording address: it goes too, replaced by a note (processed reports are never replayed).
 */
export async function clearProcessedDeliveries(db: Db, ids: number[], note: string): Promise<void> {
  await db
    .updateTable('webhook_events')
    .set({ body: note, body_deflated: null })
    .where('call_log_id', 'in', ids)
    .where('state', '=', 'processed')
    .execute();
}
