import type { Db } from '../../db/database.js';

/**
 * The Vapi call ids Zenicall already has: a call log, or an end-of-call report in the inbox that
 * ingestion owns (waiting for a route, failed and being retried, or refused by the database). A
 * delivery `rejected` unread (malformed: no attempt made) does not count: the API's copy of the call
 * may be readable where the delivered one was not.
 * Two indexed lookups for a whole page of ids.
 */
export async function knownVapiCallIds(db: Db, externalCallIds: string[]): Promise<Set<string>> {
  if (externalCallIds.length === 0) return new Set();
  const [logged, inbox] = await Promise.all([
    db.selectFrom('call_logs').select('external_call_id').where('external_call_id', 'in', externalCallIds).execute(),
    db
      .selectFrom('webhook_events')
      .select('external_call_id')
      .where('external_call_id', 'in', externalCallIds)
      .where('provider', '=', 'vapi')
      .where('message_type', '=', 'end-of-call-report')
      .where((eb) => eb.or([eb('state', '!=', 'rejected'), eb('attempts', '>', 0)]))
      .execute(),
  ]);
  return new Set([...logged, ...inbox].flatMap((row) => (row.external_call_id === null ? [] : [row.external_call_id])));
}
