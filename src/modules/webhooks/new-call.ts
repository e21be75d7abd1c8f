import { sql } from 'kysely';
import type { Db, NewCallLog, PriorityRank } from '../../db/database.js';
import { dialectOf } from '../../db/dialect.js';
import { NEW_CALL_VARIABLES as handoff } from '../../db/migrations/2026-12-05-018-new-call-handoff.js';
import { appendActivity } from '../activity/repository.js';
import { insertCallLogIfAbsent } from '../call-logs/repository.js';
import { setIngestedWork } from '../work-queue/repository.js';
import { VOICE_AGENT } from '../work-queue/trail.js';

/**
 * Stores a delivered call unless its external id is already stored, and gives a new one what
 * ingestion adds: its work row's due time (the row itself, with the priority, comes from the insert's
 * trigger) and a `created` entry in its trail by the voice agent, at the call's `created_at`.
 * Returns the new call's id, or null when it was already there (nothing is then written).
 *
 * MariaDB: the insert's trigger writes both, from session variables set first (migration 018 says
 * why). SQLite: written after the insert.
 */
export async function insertNewCall(
  trx: Db,
  row: NewCallLog,
  work: { priority: PriorityRank; callback_due_at: string },
): Promise<number | null> {
  if (dialectOf(trx) === 'mysql') {
    await sql`SET ${sql.raw(handoff.externalCallId)} = ${row.external_call_id}, ${sql.raw(handoff.dueAt)} = ${work.callback_due_at},
      ${sql.raw(handoff.at)} = ${row.created_at}, ${sql.raw(handoff.actor)} = ${VOICE_AGENT}`.execute(trx);
    return insertCallLogIfAbsent(trx, row);
  }
  const id = await insertCallLogIfAbsent(trx, row);
  if (id === null) return null;
  await setIngestedWork(trx, id, work);
  await appendActivity(trx, {
    call_log_id: id,
    clinic_id: row.clinic_id,
    actor_user_id: null,
    actor_name: VOICE_AGENT,
    action: 'created',
    at: row.created_at,
  });
  return id;
}
