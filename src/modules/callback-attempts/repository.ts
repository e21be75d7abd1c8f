import type { Db } from '../../db/database.js';
import { forUpdate } from '../../db/portable.js';

/** The attempt-related work state of a call, locked until the transaction ends (two attempts at once count twice). */
export function lockAttemptState(db: Db, callLogId: number) {
  const query = db
    .selectFrom('call_log_work')
    .select(['callback_attempts', 'last_attempt_at', 'callback_due_at'])
    .where('call_log_id', '=', callLogId);
  return forUpdate(db, query).executeTakeFirst();
}

export async function saveAttemptState(
  db: Db,
  callLogId: number,
  state: { callback_attempts: number; last_attempt_at: string; callback_due_at: string | null; updated_at: string },
): Promise<void> {
  await db.updateTable('call_log_work').set(state).where('call_log_id', '=', callLogId).execute();
}

/** The clinic's retry interval, when an administrator has set one. */
export async function findRetryMinutes(db: Db, clinicId: number): Promise<number | undefined> {
  const row = await db.selectFrom('clinic_work_settings').select('retry_minutes').where('clinic_id', '=', clinicId).executeTakeFirst();
  return row?.retry_minutes;
}
