import { transactionThenEffects } from '../../db/after-commit.js';
import { toStoredDateTime, toWireDateTime } from '../../shared/datetime.js';
import { appendActivity } from '../activity/repository.js';
import { actorOf } from '../activity/service.js';
import type { Principal } from '../auth/principal.js';
import { publishAfterCommit } from '../call-logs/live-updates.js';
import { toCallLogDetailView } from '../call-logs/mapper.js';
import { findVisibleCallLog, lockVisibleCallLog } from '../call-logs/service.js';
import type { CallLogDetail } from '../call-logs/detail-serializer.js';
import { toClinic } from '../clinics/mapper.js';
import { appendNote, noteText, type TrailWriter } from '../notes/service.js';
import type { RecordingLinks } from '../recordings/links.js';
import { findWorkSettings, updateCallLogWork } from '../work-queue/repository.js';
import { lockAttemptState } from './repository.js';
import { RETRY_RESULTS, type CallbackAttemptCreate } from './schemas.js';

const wireOrNull = (stored: string | null) => (stored === null ? null : toWireDateTime(stored));

/**
 * Records a call back: one more attempt, made now; after "No Answer" or "Left Voicemail" the call is
 * due again one retry interval from now. The attempt's `callback_attempt` entry (the result and what
 * it changed), its note (with its own `note_added` entry) and the work state are written in one
 * transaction; open dashboards then hear that the call changed.
 */
export async function recordCallbackAttempt(
  store: TrailWriter & { recordingLinks: RecordingLinks },
  principal: Principal,
  callLogId: number,
  input: CallbackAttemptCreate,
): Promise<CallLogDetail> {
  const text = input.note === undefined ? undefined : noteText(input.note, ['body', 'note']);
  // Views queued a moment ago go in first, so the trail's ids keep the order things happened in.
  await store.views.flush();
  const { row, clinic, callerCalls } = await transactionThenEffects(store.db, store.log, async (trx, afterCommit) => {
    const { row: call } = await lockVisibleCallLog(trx, principal, callLogId);
    const before = await lockAttemptState(trx, callLogId);
    // Triggers on call_logs give every call its row (and `zenicall reconcile` restores them after a bulk load).
    if (!before) throw new Error(`call ${callLogId} has no work-queue row: run \`zenicall reconcile\``);
    const now = new Date();
    const at = toStoredDateTime(now);
    const retryMinutes = RETRY_RESULTS.includes(input.result) ? (await findWorkSettings(trx, call.clinic_id)).retry_minutes : undefined;
    const dueAt = retryMinutes === undefined ? before.callback_due_at : toStoredDateTime(new Date(now.getTime() + retryMinutes * 60_000));
    const attempts = Number(before.callback_attempts) + 1;
    await updateCallLogWork(trx, callLogId, { callback_attempts: attempts, last_attempt_at: at, callback_due_at: dueAt }, at);

    const changes: Record<string, unknown> = {
      result: input.result,
      callback_attempts: { from: attempts - 1, to: attempts },
      last_attempt_at: { from: wireOrNull(before.last_attempt_at), to: toWireDateTime(at) },
    };
    if (dueAt !== before.callback_due_at) changes.callback_due_at = { from: wireOrNull(before.callback_due_at), to: wireOrNull(dueAt) };
    const actor = actorOf(principal);
    await appendActivity(trx, {
      call_log_id: callLogId,
      clinic_id: call.clinic_id,
      actor_user_id: actor.id,
      actor_name: actor.name,
      action: 'callback_attempt',
      changes,
      at,
    });
    if (text !== undefined) await appendNote(trx, principal, call, text, at);

    // Read again: the detail and the live update show the call with its new work state.
    const after = await findVisibleCallLog(trx, principal, callLogId);
    await publishAfterCommit(trx, afterCommit, store.events, 'call-log.updated', after.row, after.clinic, after.callerCalls);
    return after;
  });
  return toCallLogDetailView(row, toClinic(clinic), (id) => store.recordingLinks.linkFor(id, principal), callerCalls);
}
