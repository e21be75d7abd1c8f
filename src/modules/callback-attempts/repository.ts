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
